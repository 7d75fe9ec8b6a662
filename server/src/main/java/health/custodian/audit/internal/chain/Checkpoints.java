package health.custodian.audit.internal.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Signed checkpoints of the chain, kept outside the database in {@code <dir>/<chainId>.log}, one
 * JSON line each, appended and forced to disk. A checkpoint states that the chain had {@code count}
 * records ending at position {@code seq} with mac {@code mac}; a database whose chain is shorter,
 * or whose mac at that position differs, has lost or rewritten records (issue #5: truncation must
 * be detectable).
 */
public final class Checkpoints {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  /** One checkpoint line; {@code valid} is whether its signature checked. */
  public record Checkpoint(
      String chainId, long seq, long count, String mac, Instant time, boolean valid) {}

  private final Path dir;
  private final AuditKeys keys;

  public Checkpoints(Path dir, AuditKeys keys) {
    this.dir = dir;
    this.keys = keys;
  }

  public Path file(String chainId) {
    return dir.resolve(chainId + ".log");
  }

  /** Appends a signed checkpoint and forces it to disk. */
  public void append(String chainId, long seq, byte[] mac, Instant time) {
    String macHex = HEX.formatHex(mac);
    ObjectNode node = JSON.createObjectNode();
    node.put("chain", chainId)
        .put("seq", seq)
        .put("count", seq)
        .put("mac", macHex)
        .put("time", time.toString())
        .put("sig", sign(chainId, seq, seq, macHex, time.toString()));
    try {
      Files.createDirectories(dir);
      byte[] line = (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel ch =
          FileChannel.open(
              file(chainId),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        ch.write(ByteBuffer.wrap(line));
        ch.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write audit checkpoint", e);
    }
  }

  /** Every checkpoint of the chain, in file order; lines that do not parse count as invalid. */
  public List<Checkpoint> read(String chainId) {
    Path f = file(chainId);
    List<Checkpoint> all = new ArrayList<>();
    if (!Files.isRegularFile(f)) {
      return all;
    }
    try {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        all.add(parse(chainId, line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit checkpoints " + f, e);
    }
    return all;
  }

  private Checkpoint parse(String chainId, String line) {
    try {
      JsonNode n = JSON.readTree(line);
      String chain = n.path("chain").asText();
      long seq = n.path("seq").asLong();
      long count = n.path("count").asLong();
      String mac = n.path("mac").asText();
      String time = n.path("time").asText();
      String expected = sign(chain, seq, count, mac, time);
      boolean valid =
          chain.equals(chainId)
              && MessageDigest.isEqual(
                  expected.getBytes(StandardCharsets.US_ASCII),
                  n.path("sig").asText().getBytes(StandardCharsets.US_ASCII));
      return new Checkpoint(chain, seq, count, mac, Instant.parse(time), valid);
    } catch (IOException | RuntimeException e) {
      return new Checkpoint(chainId, -1, -1, "", Instant.EPOCH, false);
    }
  }

  private String sign(String chainId, long seq, long count, String macHex, String time) {
    String text = chainId + "|" + seq + "|" + count + "|" + macHex + "|" + time;
    return HEX.formatHex(keys.checkpointMac().doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }
}
