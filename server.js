// Starts the service: checks configuration, migrates the database, loads demo data, then serves and runs the daily jobs.
import { createServer } from "node:http";
import { setFlagsFromString } from "node:v8";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

// Under many connections at once, each request's objects live until the others are answered, and V8 would let
// the heap grow to several times what is in use before collecting it (500 MB at 32 connections on the national
// data set). Growing by at most half of what is live after a full collection keeps the server near 300 MB, with no
// measurable loss of throughput (docs/decisions/014-national-scale.md).
setFlagsFromString("--heap-growing-percent=50");

// The build is loaded inside the check, because loading it already reads some of the configuration.
let build;
try {
  build = await import("./build/index.js");
  await build.entry.module.startup();
} catch (error) {
  if (error?.name === "ConfigurationError") {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const { answerUnreadableRequests, applyHttpPolicies, loadContext, MAX_HEADER_BYTES, env, database, startDailyJobs } = build.entry.module;

const app = express();
applyHttpPolicies(app);
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: build.mode, getLoadContext: loadContext }));

const port = env().PORT;
// Long addresses (a long search in the open data feed) are read; longer ones are answered in JSON, not dropped.
const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app);
answerUnreadableRequests(server);
// The daily jobs run once it listens, a slice at a time between requests.
server.listen(port, () => {
  console.log(`Choice and Control is running at ${env().APP_ORIGIN} (port ${port})`);
  startDailyJobs();
});

function stop() {
  server.close(() => {
    database().$client.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
