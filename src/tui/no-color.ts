// NO_COLOR (https://no-color.org) turns Ink's styling off; chalk itself only reads FORCE_COLOR.
// cli.ts imports this first: Ink reads the setting once, when it loads (and only the screens load it). The screens mark the cursor
// and focus with characters too, so nothing depends on the styling.
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
