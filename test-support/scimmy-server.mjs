// A SCIM service provider built the way scimmy-routers' README says to
// build one (Express + SCIMMY resources), keeping users and groups in
// memory: the second real server `scimkit probe` is tested against
// (cli/tests/probe_live.rs). Installed by `npm ci` from the root
// package.json; nothing here is scimkit's own SCIM logic, only storage.
//
//   node test-support/scimmy-server.mjs --port P --bearer-token T
//
// Serves http://127.0.0.1:P/scim/v2 and prints "listening" once it answers.
import { randomUUID } from "node:crypto";

import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

function option(name) {
  const at = process.argv.indexOf(`--${name}`);
  const value = at > 0 ? process.argv[at + 1] : undefined;
  if (!value) {
    console.error(`usage: scimmy-server.mjs --port P --bearer-token T (missing --${name})`);
    process.exit(2);
  }
  return value;
}

const port = Number(option("port"));
const token = option("bearer-token");

/** Storage for one resource type: what a real service provider's database does. */
function declare(Resource, { unique } = {}) {
  const store = new Map();
  const notFound = (id) => new SCIMMY.Types.Error(404, null, `Resource ${id} not found`);
  SCIMMY.Resources.declare(Resource)
    .ingress((resource, instance) => {
      const id = resource.id ?? randomUUID();
      if (resource.id && !store.has(id)) throw notFound(id);
      const record = JSON.parse(JSON.stringify(instance));
      if (unique) {
        const taken = [...store.values()].some(
          (r) => r.id !== id && String(r[unique]).toLowerCase() === String(record[unique]).toLowerCase(),
        );
        if (taken) throw new SCIMMY.Types.Error(409, "uniqueness", `${unique} is already taken`);
      }
      const now = new Date().toISOString();
      const stored = { ...record, id, meta: { created: store.get(id)?.meta?.created ?? now, lastModified: now } };
      store.set(id, stored);
      return stored;
    })
    .egress((resource) => {
      if (resource.id) {
        const found = store.get(resource.id);
        if (!found) throw notFound(resource.id);
        return found;
      }
      const all = [...store.values()];
      return resource.filter ? resource.filter.match(all) : all;
    })
    .degress((resource) => {
      if (!store.delete(resource.id)) throw notFound(resource.id);
    });
}

SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false);
declare(SCIMMY.Resources.User, { unique: "userName" });
declare(SCIMMY.Resources.Group);

const app = express();
app.use(
  "/scim/v2",
  new SCIMMYRouters({
    type: "bearer",
    docUri: "https://example.com/scim-auth",
    handler: (request) => {
      if (request.header("Authorization") !== `Bearer ${token}`) throw new Error("Authorization failure");
      return "probe";
    },
  }),
);
app.listen(port, "127.0.0.1", () => console.log("listening"));
