package id.campaignledger.common;

import java.util.List;

/** A complete, unpaginated list. */
public record Items<T>(List<T> items) {
}
