package leo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single-node OpenSearch on loopback: {@code OpenSearchLauncher HOME HTTP_PORT}. HOME holds the
 * node's data and logs (a fresh folder each run). It serves until the process is ended; the caller
 * waits for its HTTP port. The plugins are the classpath's own, as OpenSearch's integration tests
 * load them, since there is no distribution to install them into.
 */
public final class OpenSearchLauncher {
  private OpenSearchLauncher() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]).toAbsolutePath();
    Settings settings = Settings.builder()
        .put("path.home", home.toString())
        .put("path.data", home.resolve("data").toString())
        .put("path.logs", home.resolve("logs").toString())
        .put("cluster.name", "leo-test")
        .put("node.name", "leo-test")
        .put("discovery.type", "single-node")
        .put("network.host", "127.0.0.1")
        .put("http.port", args[1])
        // Any free transport port: nothing connects to it, and a fixed one could be taken.
        .put("transport.port", "0")
        // A test machine's disk may be nearly full: the watermarks would make every index read-only.
        .put("cluster.routing.allocation.disk.threshold_enabled", false)
        .build();
    LogConfigurator.configureWithoutConfig(settings);
    Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "leo-test");
    Node node = new EmbeddedNode(environment).start();
    // The node's threads are daemons: main keeps the JVM alive until it is told to end (SIGTERM).
    CountDownLatch ended = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close();
      } catch (Exception e) {
        e.printStackTrace();
      } finally {
        ended.countDown();
      }
    }));
    ended.await();
  }

  /** Node's constructor that takes plugins from the classpath is protected. */
  private static final class EmbeddedNode extends Node {
    EmbeddedNode(Environment environment) {
      super(environment, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class), true);
    }
  }
}
