// Command grafana-dashboard validates Grafana dashboards (JSON files named as arguments) with the
// Grafana Foundation SDK: a strict unmarshal (unknown fields, wrong types, missing required fields)
// and the SDK's Validate(). It prints one line per problem and exits 1 when there is any.
package main

import (
	"errors"
	"fmt"
	"os"
	"regexp"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// The SDK's schema marks these fields required, but Grafana fills them in when it loads a dashboard,
// so a provisioned file may leave them out: "templating" and "annotations" (the dashboard model
// defaults both to an empty list, and adds the built-in annotation itself), and the timeseries
// panel's legend.showLegend (true), legend.calcs ([]) and tooltip.sort ("none"), its panel defaults.
// Only their absence is forgiven: a wrong type or value there is still reported.
var defaulted = regexp.MustCompile(`^(templating|annotations|panels\[\d+\]\.options\.(legend\.(showLegend|calcs)|tooltip\.sort))$`)

const missing = "required field is missing from input"

func main() {
	plugins.RegisterDefaultPlugins()
	failed := false
	for _, path := range os.Args[1:] {
		for _, problem := range problems(path) {
			fmt.Printf("%s: %s\n", path, problem)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func problems(path string) []string {
	raw, err := os.ReadFile(path)
	if err != nil {
		return []string{err.Error()}
	}
	board := &dashboard.Dashboard{}
	var found []string
	for _, err := range []error{board.UnmarshalJSONStrict(raw), board.Validate()} {
		var list cog.BuildErrors
		if err == nil {
			continue
		}
		if !errors.As(err, &list) {
			found = append(found, err.Error())
			continue
		}
		for _, e := range list {
			if !(e.Message == missing && defaulted.MatchString(e.Path)) {
				found = append(found, e.Error())
			}
		}
	}
	return found
}
