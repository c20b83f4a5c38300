#!/usr/bin/env node
"use strict";
const fs = require("fs");
const path = require("path");

const USAGE = `Usage: cdktf-authentik-cloudflare-access <command> [flags]

Commands:
  verify     check a deployed authentik + Cloudflare Access login method (the guide's "Test" button)
  discover   find the objects of a setup made by hand and print the ids to adopt them (read only)
  init       write a new CDKTF app that protects one application (init <dir> [--library <npm spec>])

Run \`cdktf-authentik-cloudflare-access <command> --help\` for its flags.`;

/** The module of each command, under lib/. */
const COMMANDS = { verify: "verify/cli", discover: "verify/discover", init: "cli/init" };

/** Loads lib/<module> compiled from dist/, or from the sources in a checkout that has not been built. */
function loadCommand(module) {
  const built = path.join(__dirname, "..", "dist", "lib", `${module}.js`);
  if (fs.existsSync(built)) {
    return require(built);
  }
  // In a checkout that has not been built, compile the sources on the fly (ts-node is a dev dependency).
  require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
  return require(path.join(__dirname, "..", "lib", `${module}.ts`));
}

/** True when this package ships lib/<module> (the cdktn edition leaves out `init`). */
function hasCommand(module) {
  return ["dist/lib", "lib"].some((dir) => ["js", "ts"].some((ext) => fs.existsSync(path.join(__dirname, "..", dir, `${module}.${ext}`))));
}

const [command, ...args] = process.argv.slice(2);
if (Object.prototype.hasOwnProperty.call(COMMANDS, command) && !hasCommand(COMMANDS[command])) {
  console.error(`${command} is not part of this edition: run it with cdktf-authentik-cloudflare-access (the cdktf edition).`);
  process.exitCode = 2;
} else if (Object.prototype.hasOwnProperty.call(COMMANDS, command)) {
  loadCommand(COMMANDS[command]).run(args);
} else if (command === "--help" || command === "-h" || command === "help") {
  console.log(USAGE);
} else {
  console.error(command === undefined ? USAGE : `Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
  process.exitCode = 2;
}
