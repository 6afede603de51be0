#!/usr/bin/env node
// A port of the session spec to JavaScript, written from docs/spec.json and the evaluation rules
// in docs/spec.md ("How to read it") — no Python, no npm packages. It proves the port contract
// (authsession.port/1) is language-neutral: `authsession vectors verify --port` and
// `authsession difftest --port` must both pass it.
//
// Usage: node port.js path/to/spec.json   (then JSON lines on stdin, answers on stdout)
"use strict";

const fs = require("fs");
const readline = require("readline");

const specPath = process.argv[2];
if (!specPath) {
  process.stderr.write("usage: node port.js SPEC.json\n");
  process.exit(2);
}
const spec = JSON.parse(fs.readFileSync(specPath, "utf8"));
if (spec.schema !== "authsession.spec/1") {
  process.stderr.write(`${specPath}: not an authsession.spec/1 document\n`);
  process.exit(2);
}

const flagNames = spec.context.map((flag) => flag.name);
const states = new Map(spec.states.map((state) => [state.name, state]));
const events = new Map(spec.events.map((event) => [event.type, event]));

// (source, event) -> rows; the guards of one pair are mutually exclusive, so order is irrelevant.
const rows = new Map();
for (const row of spec.transitions) {
  const key = `${row.source} ${row.event}`;
  if (!rows.has(key)) rows.set(key, []);
  rows.get(key).push(row);
}
const ignored = new Map(spec.ignored.map((row) => [`${row.source} ${row.event}`, row.reason]));

function initialContext() {
  const context = {};
  for (const flag of spec.context) context[flag.name] = flag.initial;
  return context;
}

let state = spec.initial_state;
let context = initialContext();

// A guard literal names a context flag or one of the event's own boolean fields (`guard_fields`).
function literalHolds(literal, event, guardFields) {
  const name = literal.startsWith("!") ? literal.slice(1) : literal;
  const value = guardFields.includes(name) ? event[name] : context[name];
  return literal.startsWith("!") ? !value : value;
}

function fail(problem) {
  process.stderr.write(`port.js: ${problem}\n`);
  process.exit(2);
}

function reset(message) {
  const target = message.state === undefined ? spec.initial_state : message.state;
  if (!states.has(target)) fail(`reset.state: unknown state ${JSON.stringify(target)}`);
  context = initialContext();
  for (const [name, value] of Object.entries(message.context || {})) {
    if (!flagNames.includes(name)) fail(`reset.context: unknown flag ${JSON.stringify(name)}`);
    context[name] = value;
  }
  state = target;
}

function step(event) {
  const definition = events.get(event.type);
  if (definition === undefined) fail(`type: unknown event ${JSON.stringify(event.type)}`);
  for (const field of definition.fields) {
    if (!(field in event)) fail(`${event.type}.${field}: missing`);
  }
  // 1. The event's own effects on the context, in every state, before the guards.
  if (definition.copies_protected_data_available) {
    if (typeof event.protected_data_available !== "boolean") {
      fail(`${event.type}.protected_data_available: not a boolean`);
    }
    context.protected_data_available = event.protected_data_available;
  }
  for (const [flag, value] of Object.entries(definition.effects)) context[flag] = value;
  // 2. The one row whose guard holds fires; none means the pair is ignored.
  const candidates = rows.get(`${state} ${event.type}`) || [];
  const row = candidates.find((r) =>
    r.when.every((literal) => literalHolds(literal, event, definition.guard_fields)),
  );
  if (row === undefined) {
    const reason = ignored.get(`${state} ${event.type}`);
    if (reason === undefined) fail(`no row and no ignore reason for ${state} + ${event.type}`);
    return { state, commands: [], reason };
  }
  // 3. Entering another state clears what that state forgets, then the row's `sets` apply.
  if (row.dest !== row.source) {
    for (const flag of states.get(row.dest).entry_clears) context[flag] = false;
  }
  for (const [flag, value] of Object.entries(row.sets)) context[flag] = value;
  state = row.dest;
  return { state, commands: row.commands, reason: row.reason };
}

const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on("line", (line) => {
  if (line.trim() === "") return;
  let message;
  try {
    message = JSON.parse(line);
  } catch (err) {
    fail(`not JSON: ${err.message}`);
  }
  if (message !== null && typeof message === "object" && "reset" in message) {
    reset(message.reset || {});
    return;
  }
  process.stdout.write(JSON.stringify(step(message)) + "\n");
});
