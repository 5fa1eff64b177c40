// Reads a .graphml or .gexf file with graphology's own parsers, as sigma.js users do, or a
// .json file in graphology's serialised format with Graph.from, and prints
// {"nodes": N, "edges": M}. Usage: GRAPHX_NODE_MODULES=DIR/node_modules node
// check_graph.mjs FILE, after npm install --prefix DIR graphology graphology-graphml
// graphology-gexf @xmldom/xmldom (DIR itself works too). A parallel edge whose id repeats
// is merged by graphology, so the edge count also checks that edge ids are unique.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [file] = process.argv.slice(2);
const modules = process.env.GRAPHX_NODE_MODULES;
if (!file || !modules) {
  console.error("usage: GRAPHX_NODE_MODULES=DIR/node_modules node check_graph.mjs FILE");
  process.exit(2);
}
// Resolving from a file inside the folder makes require() look in it (or its node_modules).
const require = createRequire(path.join(path.resolve(modules), "check_graph.cjs"));
const Graph = require("graphology");
const { DOMParser } = require("@xmldom/xmldom");

// xmldom only warns on some malformed input; a file Gephi or a browser would reject must fail.
class StrictDOMParser extends DOMParser {
  constructor() {
    super({
      onError(level, message) {
        throw new Error(`${level}: ${message}`);
      },
    });
  }
}

const factories = {
  ".graphml": require("graphology-graphml/common/parser.js"),
  ".gexf": require("graphology-gexf/common/parser.js"),
};
const suffix = path.extname(file).toLowerCase();
const text = readFileSync(file, "utf8");
let graph;
if (suffix === ".json") {
  graph = Graph.from(JSON.parse(text));
} else if (factories[suffix]) {
  const Document = new DOMParser().parseFromString("<t/>", "application/xml").constructor;
  graph = factories[suffix](StrictDOMParser, Document)(Graph, text);
} else {
  console.error(`not a .graphml, .gexf or .json file: ${file}`);
  process.exit(2);
}
console.log(JSON.stringify({ nodes: graph.order, edges: graph.size }));
