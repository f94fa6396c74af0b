package id.campaignledger.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.campaignledger.common.Problem;
import id.campaignledger.imports.ImportRecords.ImportJobView;
import id.campaignledger.imports.ImportRecords.Rejection;
import id.campaignledger.imports.ImportRecords.State;
import id.campaignledger.ledger.CsvImporter.Line;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The import tables (import_job, import_chunk, import_rejection); only this package writes them. */
@ApplicationScoped
public class ImportStore {

    private static final TypeReference<List<List<Object>>> ROWS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    @Inject
    AgroalDataSource database;

    @Inject
    ObjectMapper json;

    /** What the worker needs to work the next chunk of a job it holds. */
    record Next(UUID job, int partnerId, String partnerCode, UUID keyId, List<String> header, int seq,
            int chunksTotal, String leaseOwner) {
    }

    record Owner(int partnerId, String code) {
    }

    Optional<Owner> ownerOf(UUID job) {
        String sql = "select p.id, p.code from import_job j join partner p on p.id = j.partner_id where j.id = ?";
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, job);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Owner(r.getInt(1), r.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ImportStoreException(e);
        }
    }

    /** {@code keyId}: the API key that uploaded the job; its entries record it as theirs. */
    void insertJob(UUID id, int partnerId, UUID keyId, List<String> header) {
        update("insert into import_job (id, partner_id, recorded_by_key_id, header, lines_total, chunks_total)"
                + " values (?, ?, ?, ?, 0, 0)", id, partnerId, keyId, write(header));
    }

    void insertChunk(UUID job, int seq, List<Line> lines) {
        List<List<Object>> rows = new ArrayList<>(lines.size());
        for (Line l : lines) {
            List<Object> row = new ArrayList<>();
            row.add(l.line());
            row.add(l.problem());
            if (l.fields() != null) {
                row.addAll(l.fields());
            }
            rows.add(row);
        }
        update("insert into import_chunk (job_id, seq, rows) values (?, ?, ?)", job, seq, write(rows));
    }

    void sealJob(UUID id, long lines, int chunks) {
        update("update import_job set lines_total = ?, chunks_total = ? where id = ?", lines, chunks, id);
    }

    /** Claims one job whose lease is free or expired: one replica at a time works a job. */
    Optional<UUID> claim(String owner, int leaseSeconds) {
        String sql = """
                update import_job set state = 'running', lease_owner = ?, updated_at = now(),
                       lease_until = now() + make_interval(secs => ?)
                 where id = (select id from import_job
                              where state in ('queued', 'running') and (lease_until is null or lease_until < now())
                              order by created_at limit 1 for update skip locked)
                returning id""";
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, owner);
            s.setInt(2, leaseSeconds);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getObject(1, UUID.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ImportStoreException(e);
        }
    }

    /** Locks the job row (inside the caller's transaction) and says what comes next, if anything. */
    Optional<Next> lockNext(UUID job) {
        String sql = """
                select j.partner_id, p.code, j.header, j.next_chunk, j.chunks_total, j.lease_owner, j.state,
                       j.recorded_by_key_id
                  from import_job j join partner p on p.id = j.partner_id where j.id = ? for update of j""";
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, job);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || !"running".equals(r.getString(7))) {
                    return Optional.empty();
                }
                return Optional.of(new Next(job, r.getInt(1), r.getString(2), r.getObject(8, UUID.class),
                        json.readValue(r.getString(3), STRINGS), r.getInt(4), r.getInt(5), r.getString(6)));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new ImportStoreException(e);
        }
    }

    List<Line> chunk(UUID job, int seq) {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("select rows from import_chunk where job_id = ? and seq = ?")) {
            s.setObject(1, job);
            s.setInt(2, seq);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return List.of();
                }
                List<Line> lines = new ArrayList<>();
                for (List<Object> row : json.readValue(r.getString(1), ROWS)) {
                    long line = ((Number) row.get(0)).longValue();
                    String problem = (String) row.get(1);
                    List<String> fields = problem != null ? null
                            : row.subList(2, row.size()).stream().map(String::valueOf).toList();
                    lines.add(new Line(line, fields, problem));
                }
                return lines;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new ImportStoreException(e);
        }
    }

    void reject(UUID job, List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        String sql = "insert into import_rejection (job_id, line, problem) values (?, ?, ?) on conflict do nothing";
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (Rejection r : rejections) {
                s.setObject(1, job);
                s.setLong(2, r.line());
                s.setString(3, write(new StoredRejection(r.fields(), r.problem())));
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new ImportStoreException(e);
        }
    }

    record StoredRejection(List<String> fields, Problem problem) {
    }

    /** Progress of one chunk; the chunk itself is dropped, its work being done. */
    void advance(UUID job, int seq, long lines, long created, long replayed, long rejected, boolean last,
            int leaseSeconds) {
        update("""
                update import_job set next_chunk = next_chunk + 1, lines_read = lines_read + ?, created = created + ?,
                       replayed = replayed + ?, rejected = rejected + ?, updated_at = now(),
                       lease_until = now() + make_interval(secs => ?),
                       state = case when ? then 'done' else state end,
                       finished_at = case when ? then now() else finished_at end,
                       lease_owner = case when ? then null else lease_owner end
                 where id = ?""", lines, created, replayed, rejected, leaseSeconds, last, last, last, job);
        update("delete from import_chunk where job_id = ? and seq = ?", job, seq);
    }

    void fail(UUID job, String failure) {
        update("update import_job set state = 'failed', failure = ?, finished_at = now(), updated_at = now(),"
                + " lease_owner = null where id = ?", failure, job);
        update("delete from import_chunk where job_id = ?", job);
    }

    /** Lets another replica (or this one, later) take the job up after {@code seconds}. */
    void release(UUID job, String owner, long seconds) {
        update("update import_job set lease_until = now() + make_interval(secs => ?) where id = ? and lease_owner = ?",
                (double) seconds, job, owner);
    }

    Optional<ImportJobView> find(UUID id, int partnerId) {
        String sql = """
                select state, lines_total, lines_read, created, replayed, rejected, created_at, finished_at, failure
                  from import_job where id = ? and partner_id = ?""";
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            s.setInt(2, partnerId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                Timestamp finished = r.getTimestamp(8);
                return Optional.of(new ImportJobView(id, State.valueOf(r.getString(1)), r.getLong(2), r.getLong(3),
                        r.getLong(4), r.getLong(5), r.getLong(6), r.getTimestamp(7).toInstant(),
                        finished == null ? null : finished.toInstant(), r.getString(9)));
            }
        } catch (SQLException e) {
            throw new ImportStoreException(e);
        }
    }

    /** Rejections after line {@code after}, in line order. */
    List<Rejection> rejections(UUID job, long after, int limit) {
        String sql = "select line, problem from import_rejection where job_id = ? and line > ? order by line limit ?";
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, job);
            s.setLong(2, after);
            s.setInt(3, limit);
            List<Rejection> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    StoredRejection stored = json.readValue(r.getString(2), StoredRejection.class);
                    out.add(new Rejection(r.getLong(1), stored.fields(), stored.problem()));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new ImportStoreException(e);
        }
    }

    private void update(String sql, Object... values) {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new ImportStoreException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rows and problems always serialise", e);
        }
    }

    /** A failure of the import tables; the mapper sees the SQL state through the cause. */
    static final class ImportStoreException extends RuntimeException {
        ImportStoreException(Exception cause) {
            super(cause.getClass().getSimpleName(), cause);
        }
    }
}
