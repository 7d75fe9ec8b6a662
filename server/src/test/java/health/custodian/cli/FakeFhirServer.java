package health.custodian.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A stand-in FHIR server that records requests and answers as the test says. */
final class FakeFhirServer implements AutoCloseable {

  record Recorded(String method, String path, String contentType, String body) {}

  record Answer(int status, String body) {}

  private final HttpServer server;
  private final List<Recorded> requests = new ArrayList<>();

  FakeFhirServer(Function<Recorded, Answer> answers) throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/fhir", exchange -> handle(exchange, answers));
    server.start();
  }

  private void handle(HttpExchange exchange, Function<Recorded, Answer> answers)
      throws IOException {
    Recorded request =
        new Recorded(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    synchronized (requests) {
      requests.add(request);
    }
    Answer answer = answers.apply(request);
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  URI fhirBase() {
    return URI.create("http://localhost:" + server.getAddress().getPort() + "/fhir");
  }

  List<Recorded> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  static String outcome(String diagnostics) {
    return "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
        + "\"code\":\"processing\",\"diagnostics\":\""
        + diagnostics
        + "\"}]}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
