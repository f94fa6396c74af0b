-- transaction.recorded and transaction.reversed carry the entry as GET /api/v1/transactions/{id}
-- shows it, and that now includes who recorded it (recordedBy: the acting partner and key id, V20's
-- columns, filled since V51). Only the outbox function of V57 changes; a function replacement
-- takes no lock on ledger_entry.
create or replace function webhook_ledger_entry_events() returns trigger
    language plpgsql as
$$
begin
    if not exists (select 1 from webhook_subscription
                    where enabled and event_types && array ['transaction.recorded', 'transaction.reversed']) then
        return null;
    end if;
    insert into webhook_message (id, subscription_id, event_type, payload)
    select gen_random_uuid(), s.id, n.type,
           jsonb_build_object('type', n.type,
                              'timestamp', to_char(clock_timestamp() at time zone 'UTC',
                                                   'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                              -- The entry as GET /api/v1/transactions/{id} shows it.
                              'data', jsonb_build_object(
                                  'id', n.id, 'partner', p.code, 'externalRef', n.external_ref,
                                  'campaign', c.code, 'umkmId', n.umkm_id, 'amount', n.amount::text,
                                  'currency', n.currency, 'fxRateToIdr', trim_scale(n.fx_rate_to_idr)::text,
                                  'amountIdr', n.amount_idr::text, 'channel', n.channel,
                                  'occurredAt', to_char(n.occurred_at at time zone 'UTC',
                                                        'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                  'recordedAt', to_char(n.recorded_at at time zone 'UTC',
                                                        'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                  'regionCode', n.region_code, 'metadata', n.metadata, 'kind', n.kind,
                                  'reverses', n.reverses, 'reason', n.reason,
                                  'destinationCountry', n.destination_country,
                                  'recordedBy', case when n.recorded_by_partner_id is null
                                                       and n.recorded_by_key_id is null then null
                                                     else jsonb_build_object('partner', rp.code,
                                                                             'keyId', n.recorded_by_key_id) end))
      from (select e.*,
                   case e.kind when 'SALE' then 'transaction.recorded' else 'transaction.reversed' end as type
              from new_entries e) n
      join webhook_subscription s on s.partner_id = n.partner_id and s.enabled and n.type = any (s.event_types)
      join partner p on p.id = n.partner_id
      join campaign c on c.id = n.campaign_id
      left join partner rp on rp.id = n.recorded_by_partner_id;
    return null;
end;
$$;
