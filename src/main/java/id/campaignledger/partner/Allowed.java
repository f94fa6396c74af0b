package id.campaignledger.partner;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may call a resource method (or every method of a resource class). Checked by
 * {@link AccessFilter} before the body is read, so an anonymous caller learns nothing from
 * validation errors. A resource method under /api without it is refused to everyone.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface Allowed {

    Role[] value();

    /** Anonymous callers may read it too when {@code ledger.dashboard.public=true}. */
    boolean publicDashboard() default false;

    /**
     * Anyone may call it, with or without a key (still rate-limited): public reference data such
     * as the regions, and the public attestation reads.
     */
    boolean anyone() default false;
}
