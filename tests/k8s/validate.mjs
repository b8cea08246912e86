// Offline check of deploy/kubernetes/ (make check-deploy).
//   node validate.mjs [DIR]      validates every *.yaml in DIR (default deploy/kubernetes)
//   node validate.mjs --self-test   also shows that broken copies of the manifests are refused
// Core objects are validated against the Kubernetes OpenAPI schemas bundled in the npm package
// kubernetes-models (no network). Those schemas allow unknown fields, and know nothing of
// CloudNativePG or of this service, so the fields the deployment relies on are checked here by
// hand: the security context, the probes, the grace periods, every environment variable being a
// setting the service reads (src/util/settings.c), the references between the objects, and the
// CloudNativePG Cluster and ScheduledBackup.
import { readFileSync, readdirSync, mkdtempSync, cpSync, rmSync, writeFileSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const IMAGE_UID = 10001; // the root Dockerfile's USER
const MODELS = {
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "batch/v1/Job": Job,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
};
const CNPG = "postgresql.cnpg.io/v1";
// Variables read by libpq itself rather than by the service's settings table.
const LIBPQ_ENV = new Set(["PGPASSWORD"]);

// The environment variables the service reads: the first column of its settings table.
function serviceSettings() {
  const src = readFileSync(join(ROOT, "src/util/settings.c"), "utf8");
  const names = new Set([...src.matchAll(/^\s*\{"([A-Z][A-Z0-9_]*)",/gm)].map((m) => m[1]));
  if (!names.has("DATABASE_URL") || !names.has("SHUTDOWN_GRACE"))
    throw new Error("could not read the settings table of src/util/settings.c");
  return names;
}

function load(dir) {
  const objects = [], errors = [];
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  if (files.length === 0) errors.push(`${dir}: no manifests`);
  for (const file of files) {
    const docs = parseAllDocuments(readFileSync(join(dir, file), "utf8"));
    docs.forEach((doc, i) => {
      const where = `${file}#${i + 1}`;
      if (doc.errors.length) return errors.push(`${where}: YAML: ${doc.errors[0].message}`);
      const obj = doc.toJS();
      if (obj == null) return;
      if (typeof obj !== "object" || Array.isArray(obj)) return errors.push(`${where}: not a mapping`);
      objects.push({ file, where, obj });
    });
  }
  return { files, objects, errors };
}

const get = (o, path) => path.split(".").reduce((v, k) => (v == null ? undefined : v[k]), o);

function schemaCheck({ where, obj }, err) {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const Model = MODELS[key];
  if (!Model) return err(where, `no schema for ${key}`);
  if (!obj.metadata?.name) err(where, "metadata.name missing");
  try {
    new Model(obj).validate();
  } catch (e) {
    err(where, `${key} ${obj.metadata?.name}: ${e.message}`);
  }
}

function podCheck(where, pod, err, settings, refs) {
  const psc = pod.securityContext ?? {};
  if (psc.runAsNonRoot !== true) err(where, "pod securityContext.runAsNonRoot must be true");
  if (psc.runAsUser !== IMAGE_UID) err(where, `pod securityContext.runAsUser must be ${IMAGE_UID}`);
  if (pod.automountServiceAccountToken !== false) err(where, "automountServiceAccountToken must be false");
  for (const c of pod.containers ?? []) {
    const at = `${where} container ${c.name}`;
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) err(at, "allowPrivilegeEscalation must be false");
    if (sc.readOnlyRootFilesystem !== true) err(at, "readOnlyRootFilesystem must be true");
    if (sc.privileged === true) err(at, "must not be privileged");
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) err(at, "capabilities.drop must include ALL");
    if ((sc.seccompProfile ?? psc.seccompProfile)?.type !== "RuntimeDefault")
      err(at, "seccompProfile.type must be RuntimeDefault");
    for (const k of ["requests.cpu", "requests.memory", "limits.memory"])
      if (get(c.resources, k) == null) err(at, `resources.${k} missing`);
    for (const e of c.env ?? []) {
      if (!settings.has(e.name) && !LIBPQ_ENV.has(e.name))
        err(at, `env ${e.name} is not a setting of the service (src/util/settings.c)`);
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) refs.secrets.push({ at, name: ref.name, key: ref.key });
    }
    for (const f of c.envFrom ?? []) {
      if (f.configMapRef) refs.configMaps.push({ at, name: f.configMapRef.name });
      else err(at, "envFrom other than a configMapRef is not checked here");
    }
  }
}

function deploymentCheck(where, d, err, config) {
  const pod = d.spec.template.spec;
  const c = pod.containers[0];
  if (get(c, "readinessProbe.httpGet.path") !== "/readyz") err(where, "readinessProbe must GET /readyz");
  if (get(c, "livenessProbe.httpGet.path") !== "/healthz") err(where, "livenessProbe must GET /healthz");
  if (get(c, "resources.limits.cpu") == null) err(where, "resources.limits.cpu missing");
  if (d.spec.replicas != null) err(where, "spec.replicas must be left to the HorizontalPodAutoscaler");
  // Load balancers first (preStop), then the drain (SHUTDOWN_GRACE), inside the pod's grace.
  const sleep = c.lifecycle?.preStop?.exec?.command;
  const preStop = sleep?.[0] === "sleep" ? Number(sleep[1]) : NaN;
  if (!(preStop > 0)) err(where, "preStop must be exec [sleep, N] with N > 0");
  const grace = Number(config?.data?.SHUTDOWN_GRACE ?? 10);
  const total = pod.terminationGracePeriodSeconds ?? 30;
  if (!(total > preStop + grace))
    err(where, `terminationGracePeriodSeconds (${total}) must exceed preStop (${preStop}) + SHUTDOWN_GRACE (${grace})`);
  const ann = d.spec.template.metadata?.annotations ?? {};
  if (ann["prometheus.io/path"] !== "/metrics") err(where, "prometheus.io/path annotation must be /metrics");
  if (!(c.env ?? []).some((e) => e.name === "METRICS_TOKEN")) err(where, "METRICS_TOKEN not set: /metrics is off");
  for (const name of ["DATABASE_URL", "JWT_SECRET"]) {
    const e = (c.env ?? []).find((v) => v.name === name);
    if (!e?.valueFrom?.secretKeyRef) err(where, `${name} must come from a Secret`);
  }
}

function cnpgCheck(where, obj, err) {
  if (obj.kind === "Cluster") {
    const s = obj.spec ?? {};
    if (s.instances !== 3) err(where, "Cluster spec.instances must be 3 (a primary and two replicas)");
    if (!/postgresql:15(\.\d+)?(-|$)/.test(s.imageName ?? "")) err(where, "Cluster spec.imageName must be PostgreSQL 15");
    if (s.bootstrap?.initdb?.database !== "bankruptcyd" || s.bootstrap?.initdb?.owner !== "bankruptcyd")
      err(where, "Cluster bootstrap.initdb must make database and owner bankruptcyd");
    if (!s.storage?.size) err(where, "Cluster spec.storage.size missing");
    const store = s.backup?.barmanObjectStore;
    if (typeof store?.destinationPath !== "string") err(where, "Cluster backup.barmanObjectStore.destinationPath missing");
    if (!store?.s3Credentials && !store?.azureCredentials && !store?.googleCredentials)
      err(where, "Cluster backup.barmanObjectStore has no credentials");
    if (!store?.wal) err(where, "Cluster backup.barmanObjectStore.wal missing (no WAL archiving)");
    if (!s.backup?.retentionPolicy) err(where, "Cluster backup.retentionPolicy missing");
  } else if (obj.kind === "ScheduledBackup") {
    const s = obj.spec ?? {};
    if (typeof s.schedule !== "string" || s.schedule.trim().split(/\s+/).length !== 6)
      err(where, "ScheduledBackup spec.schedule must have six fields (seconds first)");
    if (!s.cluster?.name) err(where, "ScheduledBackup spec.cluster.name missing");
  } else err(where, `unexpected ${CNPG} kind ${obj.kind}`);
}

export function validateDir(dir) {
  const { files, objects, errors } = load(dir);
  const err = (where, msg) => errors.push(`${where}: ${msg}`);
  const settings = serviceSettings();
  const refs = { secrets: [], configMaps: [] };
  const of = (kind) => objects.filter((o) => o.obj.kind === kind);
  let kustomization = null;
  for (const o of objects) {
    if (o.obj.kind === "Kustomization") kustomization = o;
    else if (o.obj.apiVersion === CNPG) cnpgCheck(o.where, o.obj, err);
    else schemaCheck(o, err);
  }
  const configMaps = of("ConfigMap"), secrets = of("Secret"), clusters = of("Cluster");
  for (const cm of configMaps)
    for (const k of Object.keys(cm.obj.data ?? {}))
      if (!settings.has(k)) err(cm.where, `key ${k} is not a setting of the service (src/util/settings.c)`);
  for (const kind of ["Deployment", "Job"]) {
    if (of(kind).length !== 1) err(dir, `expected one ${kind}, found ${of(kind).length}`);
    for (const o of of(kind)) podCheck(o.where, o.obj.spec?.template?.spec ?? {}, err, settings, refs);
  }
  const deployment = of("Deployment")[0];
  if (deployment) {
    const cm = configMaps.find((c) => c.obj.metadata.name === refs.configMaps[0]?.name);
    deploymentCheck(deployment.where, deployment.obj, err, cm?.obj);
    const labels = deployment.obj.spec.template.metadata?.labels ?? {};
    const selects = (sel) => sel && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels[k] === v);
    for (const s of of("Service")) if (!selects(s.obj.spec?.selector)) err(s.where, "Service selector does not match the Deployment's pods");
    for (const p of of("PodDisruptionBudget"))
      if (!selects(p.obj.spec?.selector?.matchLabels)) err(p.where, "PodDisruptionBudget selector does not match the Deployment's pods");
    for (const h of of("HorizontalPodAutoscaler")) {
      const t = h.obj.spec?.scaleTargetRef ?? {};
      if (t.kind !== "Deployment" || t.name !== deployment.obj.metadata.name) err(h.where, "HPA does not target the Deployment");
      if (!(h.obj.spec?.metrics ?? []).some((m) => m.resource?.name === "cpu")) err(h.where, "HPA has no CPU metric");
    }
  }
  for (const kind of ["Service", "ConfigMap", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ScheduledBackup"])
    if (of(kind).length === 0) err(dir, `no ${kind}`);
  if (clusters.length !== 1) err(dir, `expected one CloudNativePG Cluster, found ${clusters.length}`);
  for (const b of of("ScheduledBackup"))
    if (!clusters.some((c) => c.obj.metadata?.name === b.obj.spec?.cluster?.name)) err(b.where, "ScheduledBackup names no Cluster here");
  const job = of("Job")[0];
  if (job && JSON.stringify(job.obj.spec?.template?.spec?.containers?.[0]?.args) !== '["migrate"]')
    err(job.where, "the Job must run `bankruptcyd migrate`");
  // References: ConfigMaps and Secrets defined here, or the app Secret CloudNativePG makes.
  for (const r of refs.configMaps)
    if (!configMaps.some((c) => c.obj.metadata.name === r.name)) err(r.at, `ConfigMap ${r.name} is not defined`);
  for (const r of refs.secrets) {
    const generated = clusters.some((c) => `${c.obj.metadata?.name}-app` === r.name) && ["uri", "password", "username"].includes(r.key);
    const s = secrets.find((x) => x.obj.metadata.name === r.name);
    if (!generated && !(s && r.key in { ...s.obj.data, ...s.obj.stringData }))
      err(r.at, `Secret ${r.name} key ${r.key} is neither defined here nor made by the Cluster`);
  }
  // The kustomization: every resource exists, every manifest is in it (but the Secret template).
  if (!kustomization) err(dir, "no kustomization.yaml");
  else {
    const listed = kustomization.obj.resources ?? [];
    for (const r of listed) if (!files.includes(r)) err(kustomization.where, `resource ${r} does not exist`);
    for (const f of files)
      if (f !== "kustomization.yaml" && !listed.includes(f) && !f.includes(".template."))
        err(kustomization.where, `${f} is not listed in resources`);
    if (listed.some((f) => f.includes(".template."))) err(kustomization.where, "a template must not be a resource");
  }
  return { objects: objects.length, errors };
}

// Each breakage of a copy of the manifests must be refused with the expected message.
const BREAKAGES = [
  ["deployment.yaml", "containerPort: 8080", 'containerPort: "8080"', /containerPort must be integer/],
  ["deployment.yaml", "path: /readyz", "path: /ready", /readinessProbe must GET \/readyz/],
  ["deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", /readOnlyRootFilesystem must be true/],
  ["deployment.yaml", "terminationGracePeriodSeconds: 35", "terminationGracePeriodSeconds: 25", /must exceed preStop/],
  ["deployment.yaml", "- name: JWT_SECRET\n", "- name: JWT_SECRETS\n", /env JWT_SECRETS is not a setting/],
  ["deployment.yaml", "drop: [\"ALL\"]", "drop: [\"NET_RAW\"]", /capabilities.drop must include ALL/],
  ["configmap.yaml", "LOG_LEVEL: info", "LOGLEVEL: info", /key LOGLEVEL is not a setting/],
  ["service.yaml", "app.kubernetes.io/component: api\n  ports", "app.kubernetes.io/component: web\n  ports", /Service selector does not match/],
  ["hpa.yaml", "maxReplicas: 10", "maxReplicas: ten", /maxReplicas must be integer/],
  ["pdb.yaml", "apiVersion: policy/v1", "apiVersion: policy/v2", /no schema for policy\/v2/],
  ["migrate-job.yaml", "restartPolicy: Never", "restartPolicy: [Never]", /restartPolicy must be string/],
  ["postgres-cluster.yaml", "instances: 3", "instances: 2", /spec.instances must be 3/],
  ["postgres-cluster.yaml", "postgresql:15.10", "postgresql:16.4", /must be PostgreSQL 15/],
  ["postgres-cluster.yaml", "      wal:\n", "      noWal:\n", /no WAL archiving/],
  ["postgres-cluster.yaml", 'schedule: "0 0 2 * * *"', 'schedule: "0 2 * * *"', /six fields/],
  ["kustomization.yaml", "  - pdb.yaml\n", "  - pdbs.yaml\n", /resource pdbs.yaml does not exist/],
  ["service.yaml", "  ports:\n", "  ports:\n  - [\n", /YAML/],
];

function selfTest(dir) {
  let failed = 0;
  for (const [file, from, to, expect] of BREAKAGES) {
    const copy = mkdtempSync(join(tmpdir(), "k8s-broken-"));
    try {
      cpSync(dir, copy, { recursive: true });
      const text = readFileSync(join(copy, file), "utf8");
      if (!text.includes(from)) throw new Error(`self-test: "${from.trim()}" not found in ${file}`);
      writeFileSync(join(copy, file), text.replace(from, to));
      const { errors } = validateDir(copy);
      const ok = errors.some((e) => expect.test(e));
      console.log(`${ok ? "ok  " : "FAIL"} refused: ${file}: ${JSON.stringify(to.trim())}${ok ? "" : ` (got: ${errors.join("; ") || "no error"})`}`);
      if (!ok) failed++;
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  return failed;
}

const args = process.argv.slice(2);
const self = args.includes("--self-test");
const dir = resolve(args.find((a) => !a.startsWith("--")) ?? join(ROOT, "deploy/kubernetes"));
const { objects, errors } = validateDir(dir);
for (const e of errors) console.error(`error: ${e}`);
console.log(`${dir}: ${objects} objects, ${errors.length} errors`);
let failed = errors.length ? 1 : 0;
if (self && !failed) failed += selfTest(dir);
process.exit(failed ? 1 : 0);
