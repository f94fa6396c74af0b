package id.campaignledger.verify;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks an export entry by entry, in constant memory per campaign: sequence continuity, every
 * hash, and the totals against a (signature-checked) checkpoint. Feed entries with
 * {@link #accept} in export order until it reports a break, then call {@link #finish}.
 *
 * <p>Without a campaign the export is the whole ledger from seq 1: the ledger chain and every
 * campaign's chain are checked. With a campaign, the export is that campaign's entries from
 * campaignSeq 1, and its own chain is checked.
 */
public final class Verifier {

    private final String onlyCampaign;
    private final Checkpoint checkpoint;
    private final List<TargetSpec.Tally> targets;

    private long lastSeq;
    private String lastHash = Chain.GENESIS;
    private String hashAtCheckpoint = Chain.GENESIS;
    private long entries;
    private long afterCheckpoint;
    private final Map<String, CampaignState> campaigns = new TreeMap<>();
    private String broken;

    /** What is known of one campaign so far. */
    public static final class CampaignState {
        long seq;
        String hash = Chain.GENESIS;
        long entries;
        long sales;
        BigDecimal amountIdr = BigDecimal.ZERO.setScale(2);
        long entriesAtCheckpoint;
        String hashAtCheckpoint = Chain.GENESIS;
        long salesAtCheckpoint;
        BigDecimal amountIdrAtCheckpoint = BigDecimal.ZERO.setScale(2);
    }

    /** The outcome: ok, or the first break; the figures either way (up to the break). */
    public record Result(boolean ok, String message, List<String> figures) {
    }

    /** Recomputes the progress of every target given, in the one pass over the export. */
    public Verifier(String onlyCampaign, Checkpoint checkpoint, List<TargetSpec> targetSpecs, ZoneId zone) {
        this.onlyCampaign = onlyCampaign;
        this.checkpoint = checkpoint;
        this.targets = targetSpecs.stream().map(t -> t.new Tally(zone)).toList();
    }

    /** Checks one entry; false (and the break is kept) when the chain breaks at it. */
    public boolean accept(SealedEntry e) {
        if (broken != null) {
            return false;
        }
        String who = "seq " + e.seq() + " (entry " + e.id() + ")";
        byte[] pre;
        try {
            new BigDecimal(e.amountIdr());
            pre = Chain.preimage(e);
        } catch (RuntimeException ex) {
            return fail("at " + who + ": malformed entry: " + ex.getMessage());
        }
        if (onlyCampaign == null) {
            if (e.seq() != lastSeq + 1) {
                return fail(e.seq() > lastSeq + 1
                        ? "at " + who + ": seq " + (lastSeq + 1)
                                + (e.seq() - 1 > lastSeq + 1 ? " to " + (e.seq() - 1) : "")
                                + " missing: entries were removed before this one"
                        : "at " + who + ": seq goes back from " + lastSeq + ": entries were moved or duplicated");
            }
            String expected = Chain.link(lastHash, pre);
            if (!expected.equals(e.hash())) {
                return fail("at " + who + ": the hash does not match the entry's fields and the previous hash: "
                        + "this entry was changed, inserted or moved");
            }
        } else if (!onlyCampaign.equals(e.campaign())) {
            return fail("at " + who + ": entry of campaign " + e.campaign() + " in an export of " + onlyCampaign);
        } else if (e.seq() <= lastSeq) {
            return fail("at " + who + ": seq goes back from " + lastSeq + ": entries were moved or duplicated");
        }
        CampaignState c = campaigns.computeIfAbsent(e.campaign(), k -> new CampaignState());
        if (e.campaignSeq() != c.seq + 1) {
            return fail("at " + who + ": campaign " + e.campaign() + " seq " + e.campaignSeq() + " where "
                    + (c.seq + 1) + " was due: " + (e.campaignSeq() > c.seq + 1 ? "entries were removed" :
                            "entries were moved or duplicated"));
        }
        if (!Chain.link(c.hash, pre).equals(e.campaignHash())) {
            return fail("at " + who + ": the campaign hash does not match the entry's fields and the campaign's "
                    + "previous hash: this entry was changed, inserted or moved");
        }
        lastSeq = e.seq();
        lastHash = e.hash();
        c.seq = e.campaignSeq();
        c.hash = e.campaignHash();
        entries++;
        BigDecimal amount = new BigDecimal(e.amountIdr());
        boolean sale = "SALE".equals(e.kind());
        c.entries++;
        c.amountIdr = c.amountIdr.add(amount);
        c.sales += sale ? 1 : 0;
        if (covered(e)) {
            c.entriesAtCheckpoint++;
            c.hashAtCheckpoint = e.campaignHash();
            c.amountIdrAtCheckpoint = c.amountIdrAtCheckpoint.add(amount);
            c.salesAtCheckpoint += sale ? 1 : 0;
            if (onlyCampaign == null && checkpoint != null && e.seq() == checkpoint.headSeq()) {
                hashAtCheckpoint = e.hash();
            }
            for (TargetSpec.Tally target : targets) {
                target.add(e);
            }
        } else {
            afterCheckpoint++;
        }
        return true;
    }

    private boolean covered(SealedEntry e) {
        if (checkpoint == null) {
            return true;
        }
        if (onlyCampaign == null) {
            return e.seq() <= checkpoint.headSeq();
        }
        Checkpoint.CampaignTotals t = checkpoint.campaign(onlyCampaign);
        return t != null && e.campaignSeq() <= t.entries();
    }

    private boolean fail(String message) {
        broken = message;
        return false;
    }

    /** After the last entry: the checkpoint comparison and the figures. */
    public Result finish() {
        List<String> figures = new ArrayList<>();
        figures.add("entries verified: " + entries + (onlyCampaign == null ? ", chain head seq " + lastSeq
                + " hash " + lastHash : ", campaign " + onlyCampaign));
        if (broken != null) {
            return new Result(false, "BROKEN " + broken, figures);
        }
        String mismatch = checkpoint == null ? null : compareWithCheckpoint();
        for (Map.Entry<String, CampaignState> e : campaigns.entrySet()) {
            CampaignState c = e.getValue();
            figures.add("campaign " + e.getKey() + ": entries " + c.entriesAtCheckpoint + ", sales "
                    + c.salesAtCheckpoint + ", amountIdr " + c.amountIdrAtCheckpoint.toPlainString()
                    + (checkpoint == null ? "" : " (at checkpoint " + checkpoint.seq() + ")"));
        }
        if (checkpoint != null) {
            figures.add("entries after checkpoint " + checkpoint.seq() + " (not covered by its signature): "
                    + afterCheckpoint);
        }
        for (TargetSpec.Tally target : targets) {
            TargetSpec spec = target.spec();
            figures.add("target " + (spec.id() == null ? "" : spec.id() + " ") + spec.metric() + " "
                    + (spec.regionCode() == null ? "all regions" : "region " + spec.regionCode()) + " "
                    + spec.periodStart() + ".." + spec.periodEnd() + ": realised " + spec.format(target.realised())
                    + " of " + spec.format(spec.amount()) + " = " + target.percent().toPlainString() + " %");
        }
        if (mismatch != null) {
            return new Result(false, "BROKEN " + mismatch, figures);
        }
        return new Result(true, "OK", figures);
    }

    private String compareWithCheckpoint() {
        if (onlyCampaign == null) {
            if (lastSeq < checkpoint.headSeq()) {
                return "the export ends at seq " + lastSeq + " before the checkpoint's head seq "
                        + checkpoint.headSeq() + ": entries were removed at the end";
            }
            if (!checkpoint.headHash().equals(hashAtCheckpoint)) {
                return "at seq " + checkpoint.headSeq() + ": the chain head differs from checkpoint "
                        + checkpoint.seq() + ": the ledger was rewritten";
            }
            for (Checkpoint.CampaignTotals t : checkpoint.campaigns()) {
                String m = compare(t, campaigns.get(t.campaign()));
                if (m != null) {
                    return m;
                }
            }
            for (Map.Entry<String, CampaignState> e : campaigns.entrySet()) {
                if (e.getValue().entriesAtCheckpoint > 0 && checkpoint.campaign(e.getKey()) == null) {
                    return "campaign " + e.getKey() + " has entries the checkpoint does not know";
                }
            }
            return null;
        }
        Checkpoint.CampaignTotals t = checkpoint.campaign(onlyCampaign);
        if (t == null) {
            return entries == 0 ? null : "checkpoint " + checkpoint.seq() + " has no campaign " + onlyCampaign;
        }
        return compare(t, campaigns.get(onlyCampaign));
    }

    private String compare(Checkpoint.CampaignTotals t, CampaignState c) {
        CampaignState s = c == null ? new CampaignState() : c;
        String where = "campaign " + t.campaign() + " at checkpoint " + checkpoint.seq() + ": ";
        if (s.entriesAtCheckpoint < t.entries()) {
            return where + "the export has " + s.entriesAtCheckpoint + " of its " + t.entries()
                    + " entries: entries were removed at the end";
        }
        if (!t.headHash().equals(s.hashAtCheckpoint)) {
            return where + "the campaign's chain head differs: the ledger was rewritten";
        }
        if (s.salesAtCheckpoint != t.sales() || s.amountIdrAtCheckpoint.compareTo(new BigDecimal(t.amountIdr())) != 0) {
            return where + "totals differ: export " + s.amountIdrAtCheckpoint.toPlainString() + " IDR in "
                    + s.salesAtCheckpoint + " sales, checkpoint " + t.amountIdr() + " IDR in " + t.sales();
        }
        return null;
    }

    public Map<String, CampaignState> campaigns() {
        return campaigns;
    }
}
