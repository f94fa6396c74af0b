package id.campaignledger.region;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Bodies of the region API. */
public final class RegionRecords {

    private RegionRecords() {
    }

    /** A region and its code, name and level, for ancestors and breakdown rows. */
    public record RegionRef(String code, String name, String level) {
    }

    /** A region with its ancestors, province first. */
    public record RegionView(String code, String name, String level, String parentCode, List<RegionRef> ancestors,
            int childCount) {
    }

    /** Where the reference regions come from and under which licence (ODbL 1.0 asks for the notice). */
    public record Attribution(String source, String version, String decree, String licence, String licenceUrl,
            String notice) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RegionPage(List<RegionView> items, int total, String nextCursor, Attribution attribution) {
    }
}
