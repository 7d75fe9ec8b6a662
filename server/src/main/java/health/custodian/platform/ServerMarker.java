package health.custodian.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes {@code <data-dir>/server.json} once the web server is ready and removes it on shutdown, so
 * that {@code custodian import} and friends find a running server and go through its API.
 */
@Component
class ServerMarker {

  private static final Logger log = LoggerFactory.getLogger(ServerMarker.class);

  private final DataFolder folder;
  private final ApplicationContext context;
  private final AtomicReference<@Nullable RunningServer> written = new AtomicReference<>();

  ServerMarker(DataFolder folder, ApplicationContext context) {
    this.folder = folder;
    this.context = context;
  }

  @EventListener
  void onReady(ApplicationReadyEvent event) {
    if (event.getApplicationContext() != context
        || !(context instanceof WebServerApplicationContext web)) {
      return;
    }
    WebServer server = web.getWebServer();
    if (server == null || server.getPort() <= 0) {
      return;
    }
    Path marker = folder.serverMarker();
    long self = ProcessHandle.current().pid();
    RunningServer.read(marker)
        .ifPresent(
            previous -> {
              if (!previous.isAlive()) {
                log.info("Replacing stale server marker of process {}", previous.pid());
              } else if (previous.pid() != self) {
                log.warn(
                    "Process {} also claims data folder {}; this server takes over the marker",
                    previous.pid(),
                    folder.dataDir());
              }
            });
    RunningServer me = RunningServer.of(self, server.getPort());
    try {
      me.write(marker);
      written.set(me);
    } catch (IOException e) {
      log.warn("Could not write server marker {}: {}", marker, e.getMessage());
    }
  }

  @EventListener
  void onClosed(ContextClosedEvent event) {
    if (event.getApplicationContext() != context) {
      return;
    }
    RunningServer mine = written.getAndSet(null);
    if (mine == null) {
      return;
    }
    Path marker = folder.serverMarker();
    // Only remove our own marker: another server may have taken the folder over meanwhile.
    if (RunningServer.read(marker).filter(mine::equals).isPresent()) {
      try {
        Files.deleteIfExists(marker);
      } catch (IOException e) {
        log.warn("Could not remove server marker {}: {}", marker, e.getMessage());
      }
    }
  }
}
