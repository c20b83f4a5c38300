#!/usr/bin/env node
"use strict";
const fs = require("fs");
const path = require("path");

const USAGE = `Usage: cdktf-authentik-cloudflare-access <command> [flags]

Commands:
  verify     check a deployed authentik + Cloudflare Access login method (the guide's "Test" button)
  discover   find the objects of a setup made by hand and print the ids to adopt them (read only)

Run \`cdktf-authentik-cloudflare-access <command> --help\` for its flags.`;

/** The module of each command, under lib/verify/. */
const COMMANDS = { verify: "cli", discover: "discover" };

function loadCommand(module) {
  const built = path.join(__dirname, "..", "dist", "lib", "verify", `${module}.js`);
  if (fs.existsSync(built)) {
    return require(built);
  }
  // In a checkout that has not been built, compile the sources on the fly (ts-node is a dev dependency).
  require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
  return require(path.join(__dirname, "..", "lib", "verify", `${module}.ts`));
}

const [command, ...args] = process.argv.slice(2);
if (Object.prototype.hasOwnProperty.call(COMMANDS, command)) {
  loadCommand(COMMANDS[command]).run(args);
} else if (command === "--help" || command === "-h" || command === "help") {
  console.log(USAGE);
} else {
  console.error(command === undefined ? USAGE : `Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
  process.exitCode = 2;
}
