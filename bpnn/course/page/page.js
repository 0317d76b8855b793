// bpnn's run page: draws a training run from the JSON inlined in the page (bpnn/course/pages.py).
//
// Plain JavaScript, SVG and canvas, nothing loaded from elsewhere. The data: run.network (sizes,
// bias per layer, activation per layer), run.losses (one per epoch), run.snapshots (the exact
// weights at chosen epochs, weights[l][i][j] with the bias row last, as in bpnn.network), and
// what the page type adds (patterns, curve, classes). A page of a chapter that trains nothing
// (activations, losses) has no runs, and draws its own cards from its own data.
//
// The pictures of the input plane (the decision surface, each hidden node's picture) and the
// fitted curve are computed here, by a forward pass in float64 from the snapshot's exact weights:
// that keeps the file small. JavaScript's Math.exp and Math.tanh may round the last bit unlike
// C's, which no picture can show; every number the page prints as the run's (outputs, gradient
// norms, predictions) was computed by bpnn itself and stored in the snapshot.
//
// The colours and the idea of drawing each node's own picture of the plane come from TensorFlow
// Playground (github.com/tensorflow/playground, Apache-2.0); the code here is bpnn's own.
"use strict";

const DATA = JSON.parse(document.getElementById("run-data").textContent);
const RUNS = DATA.runs;
const SNAPSHOTS = RUNS.length ? RUNS[0].snapshots : [];   // every run keeps the same epochs
const WITH_WEIGHTS = SNAPSHOTS.length > 0 && SNAPSHOTS[0].weights !== undefined;   // a very large network's page keeps none
const EPOCH_SCALE = DATA.epoch_scale || 1;      // an "epoch" of the data may stand for several steps (approx: 100 updates)
const POSITIVE = [8, 119, 189];                // blue: positive weights, high outputs, targets of 1
const NEGATIVE = [245, 147, 34];               // orange: negative weights, low outputs, targets of 0
const NEUTRAL = [232, 234, 235];
const RUN_COLOURS = ["#333333", "#7b3294", "#1b9e77", "#a6611a", "#666666"];
// SVG's namespace, read off the empty <svg> in the page so that the file names no address at all
const SVG_NS = document.getElementById("svg-namespace").namespaceURI;
const NODE_LIMIT = 64;     // layers up to this width are drawn as nodes and edges, wider ones as heatmaps
const PLANE = DATA.plane || [-0.5, 1.5];   // the square of the input plane that the surfaces show

const updates = [];        // one function per drawing, called with the snapshot's index

// The page's words in the reader's language. Each English text of this file is written as tr("..."), which
// pybabel extracts into bpnn's catalog (bpnn/cli/locale); the page's data carries DATA.words, English text ->
// its translation, for the language the page was written in (none: English). {name} is filled from `values`.
const TRANSLATIONS = DATA.words || {};
function tr(text, values) {
  const translated = TRANSLATIONS[text] || text;
  return values ? translated.replace(/\{(\w+)\}/g, (match, name) => String(values[name])) : translated;
}

// the words of the new chapters' cards (descent, optimizers, dropout, activations, losses, wired), each through
// tr(); a function takes the numbers its sentence shows
const WORDS = {
  descentLoss: tr("The loss over the data set, three ways"),
  descentLossCaption: tr("The same runs against epochs (the same samples seen), against weight updates and against "
    + "seconds of training (this machine, this run). The dots mark the snapshot shown."),
  epochAxis: tr("epoch"), updateAxis: tr("weight update"), secondAxis: tr("seconds of training"),
  dataLoss: tr("loss over the data set"),
  done: tr("(done)"), afterUpdate: update => tr("after update {update}", { update }),
  flipTitle: tr("Tutorial 4's sign-flipped momentum on XOR"),
  flipCaption: (lr, epochs) => tr("The classic 2-2-1 tanh net on XOR, online, lr {lr}, {epochs} epochs, from the same "
    + "weights. Tutorial 4 writes its update as v = momentum · previous − lr · gradient: the learning-rate term "
    + "climbs the error surface and the momentum term descends, so with momentum below lr the error rises. Below "
    + "each run: its final network's surface over the plane (blue above 1/2) and its outputs.", { lr, epochs }),
  flipRun: (rule, momentum) => tr("{rule}, momentum {momentum}", { rule, momentum }),
  errorAxis: tr("error (½ Σ (t − y)²)"),
  fitTitle: tr("The fitted curves"),
  fitCaption: tr("sin(πx) (grey), the noisy training points (black) and each network's curve at this snapshot, "
    + "computed from its weights."),
  fitCaptionFinal: tr("sin(πx) (grey), the noisy training points (black) and each network's curve after training "
    + "(the weights are too many to keep at every snapshot)."),
  trainingPoints: tr("training points"),
  saturated: (threshold, sides) => {
    const joined = sides.join(tr(" and "));
    return sides.length ? tr("Saturated (f' < {threshold}, shaded) for {sides}", { threshold, sides: joined })
      : tr("Never saturated (f' ≥ {threshold} everywhere)", { threshold });
  },
  largest: (value, from, to) => from === to ? tr("largest f' = {value} at z = {from}", { value, from })
    : tr("largest f' = {value} for z from {from} to {to} (as far as searched)", { value, from, to }),
  functionName: "y = f(z)", derivativeName: "f'(z)",
  softmaxTitle: tr("softmax's Jacobian"),
  softmaxCaption: (z, y) => tr("softmax on z = ({z}) gives y = ({y}). Each y_j depends on every z_k: ∂y_j/∂z_k = "
    + "y_j (1[j = k] − y_k), that is diag(y) − y yᵀ. Blue is positive (raising z_j raises y_j), orange negative (it "
    + "takes from the others); each row adds up to 0.", { z, y }),
  rowTotal: tr("row total"),
  exampleTitle: tr("Tutorial 5's example, term by term"),
  exampleCaption: tr("Labels t and predictions p. Tutorial 5 computes the terms −t log p, then adds the third with a "
    + "minus sign (orange). Every term is 0 or more, so the total cannot be negative; the right total in blue."),
  tutorialAdds: tr("tutorial 5 adds"),
  printedSum: tr("Tutorial 5's total:"), rightSum: tr("The terms as they are:"), unrounded: tr("unrounded"),
  bceLine: (total, mean) => tr("Binary cross-entropy, which also charges the t = 0 example −log(1 − p): {total} "
    + "summed, {mean} averaged. The one-hot formula −Σ t log p counts only the t = 1 terms.", { total, mean }),
  mseLine: value => tr("Mean squared error: {value}.", { value }),
  curvesTitle: tr("One example's loss against its prediction p"),
  predictionAxis: tr("prediction p"), exampleLossAxis: tr("loss of one example"),
  curvesCaption: tr("Cross-entropy grows without bound as p moves away from t; the squared error stays below 1. "
    + "The dots are tutorial 5's four examples under binary cross-entropy."),
  threeTitle: tr("Tutorial 3: the mean squared error of three points"),
  threeCaption: (w, b, loss, dw, db) => tr("Three points of the cubic y = x³ + x² − x − 1 (grey) and a line f(x) = "
    + "{line} guessing them (blue); each orange segment is one error y − f(x). L = {loss}; its slope ∂L/∂w = {dw}, "
    + "∂L/∂b = {db}: gradient descent steps against it.",
  { line: `${w} x ${b < 0 ? "−" : "+"} ${Math.abs(b)}`, loss, dw, db }),
  deltasTitle: tr("The delta each loss sends back"),
  deltasCaption: tr("δ = ∂E/∂z two ways: by the chain rule ∂E/∂y · f'(y), and as bpnn.losses computes it. For a "
    + "sigmoid with binary cross-entropy and softmax with cross-entropy it is y − t; with the squared error f'(y) "
    + "stays in."),
  deltaHeads: { ["sigmoid bce"]: tr("sigmoid output, binary cross-entropy"), ["softmax cross_entropy"]:
    tr("softmax output, cross-entropy (through softmax's Jacobian)"), ["sigmoid half_sse"]:
    tr("for contrast: sigmoid output, ½ (t − y)²") },
  deltaColumns: ["y", "t", "∂E/∂y", "f'(y)", tr("chain rule"), "bpnn.losses", "y − t"],
  wiredTitle: tr("The units' tables"),
  wiredCaption: units => tr("n1 = NAND: {nand}; n2 = OR: {or}; y = AND of n1 and n2: {and}. Step units give XOR "
    + "exactly; sigmoid units keep the order but put all four outputs above 1/2.", units),
  matricesTitle: tr("The sigmoid pass in matrix form"),
  matricesCaption: tr("All four patterns at once, as tutorial 5 writes it: each pattern is a row of X, and a matrix "
    + "product is the same weighted sums, one row per pattern. Each matrix's shape is under it."),
  sameAsLoops: same => same ? tr("N and Y are the per-pattern loops' n1, n2 and y, bit for bit.")
    : tr("N and Y differ from the per-pattern loops' numbers."),
};

// ---------------------------------------------------------------- small helpers

function element(tag, attributes, parent, text) {
  const node = ["svg", "path", "line", "circle", "rect", "text", "g", "image", "polyline"].includes(tag)
    ? document.createElementNS(SVG_NS, tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === "class") node.setAttribute("class", value);
    else node.setAttribute(name, value);
  }
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

// a card of the page; size: "wide" (the whole row), "third", or half a row by default
// an SVG drawing of width x height units that shrinks with its card
function drawing(parent, width, height) {
  const svg = element("svg", { width, height, viewBox: `0 0 ${width} ${height}` }, parent);
  svg.style.maxWidth = "100%";
  svg.style.height = "auto";
  return svg;
}

// the position of a mouse event in an SVG drawing's own units
function pointIn(svg, event) {
  const bounds = svg.getBoundingClientRect();
  const [, , width, height] = svg.getAttribute("viewBox").split(" ").map(Number);
  return [(event.clientX - bounds.left) * width / bounds.width, (event.clientY - bounds.top) * height / bounds.height];
}

// the size of each run's own card (its network, its surface): a page of several runs puts them side by side
function runCardSize() {
  return RUNS.length > 3 ? "quarter" : RUNS.length > 1 ? "third" : null;
}

function card(title, caption, size) {
  const box = element("section", { class: size ? "card " + size : "card" }, document.getElementById("panels"));
  element("h2", {}, box, title);
  if (caption) element("p", { class: "caption" }, box, caption);
  return box;
}

function short(value) {
  if (value === 0) return "0";
  const size = Math.abs(value);
  const power = Math.round(Math.log10(size));
  if (power <= -3 && Math.abs(size / Math.pow(10, power) - 1) < 1e-9) return (value < 0 ? "-" : "") + "1e" + power;
  if (size >= 1e4 && size < 1e9 && Number.isInteger(value)) return String(value);
  return size >= 1e4 || size < 1e-3 ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

// t in [-1, 1] -> orange ... grey ... blue, as [r, g, b]
function shade(t) {
  const s = Math.max(-1, Math.min(1, t));
  const end = s >= 0 ? POSITIVE : NEGATIVE;
  const a = Math.abs(s);
  return [0, 1, 2].map(k => Math.round(NEUTRAL[k] + (end[k] - NEUTRAL[k]) * a));
}

function css([r, g, b]) { return `rgb(${r},${g},${b})`; }

// which of `count` cells across `size` pixels the offset falls in (0 to count - 1)
function cellAt(offset, size, count) {
  return Math.max(0, Math.min(count - 1, Math.floor(offset / size * count)));
}

// ---------------------------------------------------------------- the tooltip: hover shows, click pins
const tip = element("div", { id: "tip", hidden: "" }, document.body);
let pinned = false;
const explanations = [];   // every hover text, so that page.html#check can compute each once (the tests do)

function explain(target, text) {
  explanations.push(text);
  target.addEventListener("mousemove", event => {
    if (pinned) return;
    showTip(event, typeof text === "function" ? text(event) : text);
  });
  target.addEventListener("mouseleave", () => { if (!pinned) tip.hidden = true; });
  target.addEventListener("click", event => {
    event.stopPropagation();
    pinned = !pinned || tip.hidden;
    showTip(event, typeof text === "function" ? text(event) : text);
    tip.classList.toggle("pinned", pinned);
  });
}

function showTip(event, text) {
  if (text === null) { tip.hidden = true; return; }
  tip.textContent = text;
  tip.hidden = false;
  const x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
  const y = event.clientY + 16 + tip.offsetHeight > window.innerHeight ? event.clientY - tip.offsetHeight - 10
    : event.clientY + 16;
  tip.style.left = x + "px";
  tip.style.top = y + "px";
}

document.addEventListener("click", () => { pinned = false; tip.hidden = true; tip.classList.remove("pinned"); });

// ---------------------------------------------------------------- the forward pass (bpnn.network's equations)
const ACTIVATIONS = {
  sigmoid: z => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))),
  tanh: z => Math.tanh(z),
  relu: z => (z <= 0 ? 0 : z),
  leaky_relu: z => (z <= 0 ? 0.01 * z : z),
  linear: z => z,
  step: z => (z > 0 ? 1 : 0),     // chapter 1's perceptron
};

function softmax(sums) {
  let largest = sums[0];
  for (const z of sums) if (z > largest) largest = z;
  const exponentials = sums.map(z => Math.exp(z - largest));
  let total = 0;
  for (const e of exponentials) total += e;
  return exponentials.map(e => e / total);
}

// every layer's outputs for one input vector: [inputs, first hidden layer's y, ..., the output y]
function forward(network, weights, inputs) {
  const layers = [inputs];
  let a = inputs;
  for (let l = 0; l < weights.length; l++) {
    const w = weights[l];
    const input = network.bias[l] ? a.concat([1]) : a;
    const sums = [];
    // weighted sums: z_j = Σ_i a_i w_ij
    for (let j = 0; j < network.sizes[l + 1]; j++) {
      let total = 0;
      for (let i = 0; i < input.length; i++) total += input[i] * w[i][j];
      sums.push(total);
    }
    // outputs: y_j = f(z_j)
    const name = network.activations[l];
    a = name === "softmax" ? softmax(sums) : sums.map(ACTIVATIONS[name]);
    layers.push(a);
  }
  return layers;
}

// what a node's output means on the orange-to-blue scale: t in [-1, 1]
function outputShade(name, y, largest) {
  if (name === "sigmoid" || name === "softmax" || name === "step") return 2 * y - 1;
  if (name === "tanh") return y;
  return largest > 0 ? y / largest : 0;   // relu, leaky_relu, linear: scaled by the largest |y| in the picture
}

// ---------------------------------------------------------------- node and layer names
function nodeName(network, l, i) {
  const last = network.sizes.length - 1;
  if (i === network.sizes[l]) return tr("the bias node (always 1)");
  if (l === 0) return tr("input x{number}", { number: i + 1 });
  if (l === last) return network.sizes[l] === 1 ? tr("the output") : tr("output {number}", { number: i + 1 });
  return tr("hidden node {number} of layer {layer}", { number: i + 1, layer: l });
}

// "tanh then sigmoid": the activation of each layer, in order
function activationsOf(network) {
  return network.activations.join(tr(" then "));
}

// the names under the layers of a drawing: the inputs, each hidden layer, the output
function layerNames(sizes) {
  return [tr("inputs"), ...sizes.slice(1, -1).map((_, h) => tr("layer {number}", { number: h + 1 })), tr("output")];
}

function hasPlane() {
  return WITH_WEIGHTS && DATA.patterns && RUNS[0].network.sizes[0] === 2 && RUNS[0].network.sizes.at(-1) === 1;
}

// ---------------------------------------------------------------- the input plane: surfaces and node pictures
// The pictures of one snapshot: for each point of a res x res grid over PLANE, every node's output.
function planeOutputs(network, weights, res, plane = PLANE) {
  const grid = [];
  for (let row = 0; row < res; row++) {
    for (let column = 0; column < res; column++) {
      const x1 = plane[0] + (plane[1] - plane[0]) * (column + 0.5) / res;
      const x2 = plane[1] - (plane[1] - plane[0]) * (row + 0.5) / res;   // x2 grows upwards
      grid.push(forward(network, weights, [x1, x2]));
    }
  }
  return grid;
}

function paintNode(canvas, network, grid, res, l, i) {
  const context = canvas.getContext("2d");
  const image = context.createImageData(res, res);
  const name = l === 0 ? "linear" : network.activations[l - 1];
  let largest = 0;
  for (const point of grid) largest = Math.max(largest, Math.abs(point[l][i]));
  if (l === 0) largest = PLANE[1];
  for (let p = 0; p < grid.length; p++) {
    const [r, g, b] = shade(outputShade(name, grid[p][l][i], largest));
    image.data.set([r, g, b, 255], 4 * p);
  }
  canvas.width = res;
  canvas.height = res;
  context.putImageData(image, 0, 0);
}

function tileCanvas(size) {
  const canvas = element("canvas", { width: 1, height: 1 });
  canvas.style.width = size + "px";
  canvas.style.height = size + "px";
  return canvas;
}

function surfaceCard(run, index, size) {
  const box = card(RUNS.length > 1 ? tr("Decision surface: {name}", { name: run.name }) : tr("Decision surface"),
    tr("The network's output over the input plane: blue above 1/2, orange below, the dark line at 1/2. The dots are "
      + "the patterns, coloured by their target."), runCardSize());
  const res = run.network.sizes.length > 3 || Math.max(...run.network.sizes) > 16 ? 60 : 100;
  const margin = 26;
  const wrap = element("div", {}, box);
  wrap.style.position = "relative";
  wrap.style.width = size + margin + "px";
  wrap.style.height = size + 22 + "px";
  const canvas = tileCanvas(size);
  canvas.setAttribute("data-drawing", "surface");
  canvas.style.marginLeft = margin + "px";
  canvas.style.imageRendering = "auto";
  wrap.appendChild(canvas);
  const overlay = element("svg", { width: size + margin, height: size + 20 }, wrap);
  overlay.style.position = "absolute";
  overlay.style.left = "0";
  overlay.style.top = "0";
  const toPixel = v => (v - PLANE[0]) / (PLANE[1] - PLANE[0]) * size;
  const ticks = DATA.plane ? niceTicks(PLANE[0], PLANE[1], 4) : [0, 1];
  for (const v of ticks) {
    element("text", { x: margin + toPixel(v), y: size + 14, "text-anchor": "middle" }, overlay, String(v));
    element("text", { x: margin - 6, y: size - toPixel(v) + 4, "text-anchor": "end" }, overlay, String(v));
  }
  // the axes' names halfway between the two ticks nearest the middle, clear of both
  const nearest = ticks.filter(v => v < (PLANE[0] + PLANE[1]) / 2).length;
  const named = toPixel(nearest > 0 && nearest < ticks.length ? (ticks[nearest - 1] + ticks[nearest]) / 2
    : (PLANE[0] + PLANE[1]) / 2);
  element("text", { x: margin + named, y: size + 14, "text-anchor": "middle" }, overlay, "x1");
  element("text", { x: margin - 6, y: size - named + 4, "text-anchor": "end" }, overlay, "x2");
  const dots = DATA.patterns.map(([inputs, targets]) => {
    const cx = margin + toPixel(inputs[0]), cy = size - toPixel(inputs[1]), r = DATA.patterns.length > 8 ? 3.5 : Math.max(5, size / 30);
    element("circle", { cx, cy, r: r + (DATA.patterns.length > 8 ? 1 : 2.5), fill: "#fff" }, overlay);
    const dot = element("circle", { cx, cy, r, fill: css(targets[0] >= 0.5 ? POSITIVE : NEGATIVE), stroke: "#222",
      "stroke-width": 1.2 }, overlay);
    dot.style.pointerEvents = "auto";
    return dot;
  });
  DATA.patterns.forEach(([inputs, targets], p) => explain(dots[p], () => {
    const snapshot = run.snapshots[current];
    const output = snapshot.outputs ? snapshot.outputs[p][0] : null;
    return tr("inputs {inputs}, target {target}", { inputs: inputs.join(", "), target: targets[0] })
      + (output === null ? "" : "\n" + tr("output {output}", { output }));
  }));
  updates.push(s => {
    const network = run.network;
    const grid = planeOutputs(network, run.snapshots[s].weights, res);
    const last = network.sizes.length - 1;
    const context = canvas.getContext("2d");
    canvas.width = res;
    canvas.height = res;
    const image = context.createImageData(res, res);
    const above = grid.map(point => point[last][0] >= 0.5);
    // the line at 1/2 only where the surface has some slope: a flat surface (outputs within 1e-6 of each
    // other, bpnn.course.truth_tables.FLAT; XOR in one unit) has no boundary
    let low = Infinity, high = -Infinity;
    for (const point of grid) { low = Math.min(low, point[last][0]); high = Math.max(high, point[last][0]); }
    const flat = high - low < 1e-6;
    for (let p = 0; p < grid.length; p++) {
      const y = grid[p][last][0];
      let colour = shade(2 * y - 1);
      const row = Math.floor(p / res), column = p % res;
      const right = column + 1 < res && above[p] !== above[p + 1];
      const below = row + 1 < res && above[p] !== above[p + res];
      const edge = !flat && (right || below);
      if (edge) colour = [40, 40, 40];
      image.data.set([...colour, 255], 4 * p);
    }
    context.putImageData(image, 0, 0);
  });
}

function neuronCard(run, index) {
  const network = run.network;
  const hidden = network.sizes.slice(1, -1);
  if (hidden.length === 0) return;
  const count = hidden.reduce((a, b) => a + b, 0);
  const size = count <= 16 ? 56 : count <= 64 ? 36 : 22;
  const res = Math.min(size, 28);
  const box = card(RUNS.length > 1 ? tr("What each hidden node sees: {name}", { name: run.name })
    : tr("What each hidden node sees"),
  tr("Each hidden node's output over the same plane (x1 across, x2 up): the first layer's nodes can only draw a "
    + "line; later layers combine them. Blue is high, orange low."), runCardSize());
  const canvases = [];
  hidden.forEach((width, h) => {
    element("div", { class: "label" }, box, tr("layer {number} ({activation})",
      { number: h + 1, activation: network.activations[h] }));
    const tiles = element("div", { class: "tiles" }, box);
    for (let i = 0; i < width; i++) {
      const canvas = tileCanvas(size);
      tiles.appendChild(canvas);
      explain(canvas, tr("{node} ({activation}): its output over the plane",
        { node: nodeName(network, h + 1, i), activation: network.activations[h] }));
      canvases.push([canvas, h + 1, i]);
    }
  });
  updates.push(s => {
    const grid = planeOutputs(network, run.snapshots[s].weights, res);
    for (const [canvas, l, i] of canvases) paintNode(canvas, network, grid, res, l, i);
  });
}

// ---------------------------------------------------------------- the network: nodes and edges, or heatmaps
// the size of weight that gets the full colour in a heatmap: the largest, but no more than 2.5 times the
// root mean square, so that one large weight does not wash out all the others
function colourScale(matrix) {
  let total = 0, count = 0, largest = 0;
  for (const row of matrix) for (const w of row) { total += w * w; count += 1; largest = Math.max(largest, Math.abs(w)); }
  return Math.min(largest, 2.5 * Math.sqrt(total / count)) || 1;
}

function largestWeight(weights) {
  let largest = 0;
  for (const matrix of weights) for (const row of matrix) for (const w of row) largest = Math.max(largest, Math.abs(w));
  return largest || 1;
}

function networkCard(run) {
  const network = run.network;
  const title = RUNS.length > 1 ? tr("The network: {name}", { name: run.name }) : tr("The network");
  if (!WITH_WEIGHTS) {
    const count = network.sizes.slice(1).reduce((n, width, l) => n + (network.sizes[l] + (network.bias[l] ? 1 : 0))
      * width, 0);
    const values = { sizes: network.sizes.join("-"), count: count.toLocaleString("en") };
    card(title, DATA.classes
      ? tr("{sizes}: {count} weights, too many to keep in this page at every snapshot (they would take "
        + "megabytes); the curves, the confusion matrix and the images are kept.", values)
      : tr("{sizes}: {count} weights, too many to keep in this page at every snapshot (they would take "
        + "megabytes); the curves are kept.", values));
    return;
  }
  if (Math.max(...network.sizes) > NODE_LIMIT) heatmapCard(run, title);
  else graphCard(run, title);
}

function graphCard(run, title) {
  const network = run.network;
  const sizes = network.sizes;
  const layers = sizes.length;
  const picture = hasPlane() && Math.max(...sizes) <= 8;     // TensorFlow Playground's style: a node is its picture
  const tallest = Math.max(...sizes.map((n, l) => n + (l < layers - 1 && network.bias[l] ? 1 : 0)));
  const width = RUNS.length > 1 ? 360 : 460;
  const spacing = picture ? (RUNS.length > 1 && tallest > 4 ? 50 : 70) : 11;
  const height = Math.max(picture ? 260 : 220, Math.min(760, tallest * spacing + 40));
  const box = card(title, tr("{sizes}, {activations}. Each line is a weight: blue positive, orange negative, its "
    + "width its size. Point at a line for its exact value; click to keep it.",
  { sizes: sizes.join("-"), activations: activationsOf(network) }), runCardSize());
  const svg = drawing(box, width, height);
  svg.setAttribute("data-drawing", "network");
  const node = picture ? Math.min(44, spacing - 14) : Math.max(3, Math.min(14, (height - 40) / tallest / 2.6));
  const x = l => 30 + (width - 60) * l / (layers - 1);
  const positions = sizes.map((n, l) => {
    const count = n + (l < layers - 1 && network.bias[l] ? 1 : 0);
    const step = (height - 40) / count;
    return Array.from({ length: count }, (_, i) => [x(l), 20 + step * (i + 0.5)]);
  });
  let edges = 0;
  for (let l = 0; l < layers - 1; l++) edges += positions[l].length * sizes[l + 1];
  const widest = Math.max(1.2, Math.min(9, 90 / Math.sqrt(edges)));
  const scale = largestWeight(run.snapshots.at(-1).weights);
  const lines = [];
  const edgeGroup = element("g", {}, svg);
  for (let l = 0; l < layers - 1; l++) {
    positions[l].forEach(([x1, y1], i) => {
      positions[l + 1].forEach(([x2, y2], j) => {
        if (j >= sizes[l + 1]) return;        // nothing flows into a bias node
        const middle = (x1 + x2) / 2;
        const path = element("path", { d: `M${x1},${y1} C${middle},${y1} ${middle},${y2} ${x2},${y2}`, fill: "none" },
          edgeGroup);
        path.style.opacity = edges > 400 ? 0.55 : 0.85;
        // a network that does not train (bpnn wired) shows each weight's value on its line
        // at t = 0.3 along the curve: x moves 1.5 t (1 - t) + t³ of the way, y 3t² - 2t³ of it
        const label = SNAPSHOTS.length === 1 && edges <= 16 ? element("text", { x: x1 + (x2 - x1) * 0.342,
          y: y1 + (y2 - y1) * 0.216 + 4, "text-anchor": "middle" }, svg) : null;
        if (label) { label.style.fontSize = "11px"; label.style.fill = "#222"; halo(label); }
        lines.push([path, l, i, j, label]);
        explain(path, () => {
          const w = run.snapshots[current].weights[l][i][j];
          return `w = ${w}\n` + tr("layer {layer}'s weight from {from} to {to}",
            { layer: l + 1, from: nodeName(network, l, i), to: nodeName(network, l + 1, j) })
            + "\n" + tr("(w_ij with i = {i}, j = {j}; row {i} of weights[{l}])", { i: i + 1, j: j + 1, l });
        });
      });
    });
  }
  const pictures = [];
  positions.forEach((column, l) => column.forEach(([cx, cy], i) => {
    const bias = i === sizes[l];
    const label = bias ? tr("the bias node: a constant 1 that each weight of its row multiplies")
      : `${nodeName(network, l, i)}` + (l > 0 ? ` (${network.activations[l - 1]})` : "");
    if (picture && !bias) {
      const frame = element("rect", { x: cx - node / 2 - 1, y: cy - node / 2 - 1, width: node + 2, height: node + 2,
        fill: "#fff", stroke: "#999" }, svg);
      const image = element("image", { x: cx - node / 2, y: cy - node / 2, width: node, height: node,
        preserveAspectRatio: "none" }, svg);
      image.style.imageRendering = "pixelated";
      pictures.push([image, l, i]);
      explain(frame, label + "\n" + tr("its picture: its output over the input plane"));
      explain(image, label + "\n" + tr("its picture: its output over the input plane"));
    } else if (bias) {
      const square = element("rect", { x: cx - node * 0.6, y: cy - node * 0.6, width: node * 1.2, height: node * 1.2,
        rx: 3, fill: "#f7f7f7", stroke: "#888" }, svg);
      explain(square, label);
      if (node >= 6) element("text", { x: cx, y: cy + 4, "text-anchor": "middle" }, svg, "1");
    } else {
      const circle = element("circle", { cx, cy, r: node, fill: "#fff", stroke: "#555", "stroke-width": 1.2 }, svg);
      explain(circle, label);
    }
  }));
  layerNames(sizes).forEach((name, l) =>
    element("text", { x: x(l), y: height - 2, "text-anchor": "middle" }, svg, name));
  const res = 28;
  const canvas = document.createElement("canvas");
  updates.push(s => {
    const weights = run.snapshots[s].weights;
    for (const [path, l, i, j, label] of lines) {
      const w = weights[l][i][j];
      path.setAttribute("stroke", css(w >= 0 ? POSITIVE : NEGATIVE));
      path.setAttribute("stroke-width", 0.4 + (widest - 0.4) * Math.min(1, Math.abs(w) / scale));
      if (label) label.textContent = short(w);
    }
    if (pictures.length) {
      const grid = planeOutputs(network, weights, res);
      for (const [image, l, i] of pictures) {
        paintNode(canvas, network, grid, res, l, i);
        image.setAttribute("href", canvas.toDataURL());
      }
    }
  });
}

// a weight matrix as a grid of cells, the longer side across; exact value on hover
function heatmapCard(run, title) {
  const network = run.network;
  const box = card(title, tr("{sizes}: too many nodes to draw each line, so each layer's weight matrix is a grid, a "
    + "cell per weight (blue positive, orange negative). Point at a cell for its exact value.",
  { sizes: network.sizes.join("-") }), runCardSize());
  const row = element("div", { class: "row", "data-drawing": "network" }, box);
  const maps = [];
  const last = run.snapshots.at(-1).weights;
  last.forEach((matrix, l) => {
    const inputs = matrix.length, outputs = matrix[0].length;
    const across = Math.max(inputs, outputs) === inputs;      // inputs across when they are the longer side
    const columns = across ? inputs : outputs, rows = across ? outputs : inputs;
    const width = RUNS.length > 1 ? 300 : 440;
    const height = Math.max(50, Math.min(240, rows * Math.max(2, Math.floor(width / columns))));
    const holder = element("div", {}, row);
    const values = { layer: l + 1, inputs, outputs };
    element("div", { class: "label" }, holder, network.bias[l]
      ? (across ? tr("layer {layer}: {inputs} inputs (bias last) across, {outputs} nodes down", values)
        : tr("layer {layer}: {inputs} inputs (bias last) down, {outputs} nodes across", values))
      : (across ? tr("layer {layer}: {inputs} inputs across, {outputs} nodes down", values)
        : tr("layer {layer}: {inputs} inputs down, {outputs} nodes across", values)));
    const canvas = tileCanvas(width);
    canvas.style.height = height + "px";
    canvas.style.maxWidth = "100%";
    holder.appendChild(canvas);
    const scale = colourScale(matrix);
    const cell = event => {
      const bounds = canvas.getBoundingClientRect();
      const c = cellAt(event.clientX - bounds.left, bounds.width, columns);
      const r = cellAt(event.clientY - bounds.top, bounds.height, rows);
      return across ? [c, r] : [r, c];
    };
    explain(canvas, event => {
      const [i, j] = cell(event);
      const w = run.snapshots[current].weights[l][i][j];
      return `w = ${w}\n` + tr("layer {layer}'s weight from {from} to {to}",
        { layer: l + 1, from: nodeName(network, l, i), to: nodeName(network, l + 1, j) });
    });
    maps.push([canvas, l, across, rows, columns, scale]);
  });
  updates.push(s => {
    for (const [canvas, l, across, rows, columns, scale] of maps) {
      const matrix = run.snapshots[s].weights[l];
      canvas.width = columns;
      canvas.height = rows;
      const context = canvas.getContext("2d");
      const image = context.createImageData(columns, rows);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < columns; c++) {
          const w = across ? matrix[c][r] : matrix[r][c];
          image.data.set([...shade(w / scale), 255], 4 * (r * columns + c));
        }
      }
      context.putImageData(image, 0, 0);
    }
  });
}

// ---------------------------------------------------------------- charts
// powers of ten, or 1, 2 and 5 times them when the range spans few decades (for a log axis)
function logTicks(low, high) {
  const ticks = [];
  const multiples = high - low < 2.5 ? [1, 2, 5] : [1];
  for (let e = Math.floor(low); e <= Math.ceil(high); e++) {
    for (const m of multiples) {
      const v = m * Math.pow(10, e);
      if (Math.log10(v) >= low - 1e-9 && Math.log10(v) <= high + 1e-9) ticks.push(v);
    }
  }
  return ticks;
}

function niceTicks(low, high, count) {
  const step = Math.pow(10, Math.floor(Math.log10((high - low) / count)));
  const spacing = [1, 2, 5, 10].map(m => m * step).find(m => (high - low) / m <= count) || 10 * step;
  const ticks = [];
  for (let v = Math.ceil(low / spacing) * spacing; v <= high + 1e-9 * spacing; v += spacing) ticks.push(v);
  return ticks;
}

// a line chart: series [{name, points [[x, y]], colour, dashed, width, dots}] (dots: a dot per point, no line);
// options: width, height, xLabel, yLabel, xRange, yRange, log (false: never a log y axis), logX, clip (leave out
// the points outside yRange), bands [[x0, x1, colour]] (band: one light grey). Returns {svg, X, Y, ...} for overlays.
function chart(parent, series, options) {
  const width = options.width || 460, height = options.height || 220;
  const left = 56, right = 12, top = 24, bottom = 34;
  const svg = drawing(parent, width, height);
  const logX = Boolean(options.logX);
  const g = logX ? Math.log10 : v => v;
  const xs = series.flatMap(s => s.points.map(p => p[0])).filter(v => !logX || v > 0);
  const ys = series.flatMap(s => s.points.map(p => p[1]));
  const x0 = options.xRange ? options.xRange[0] : Math.min(...xs), x1 = options.xRange ? options.xRange[1] : Math.max(...xs);
  const logY = options.log !== false && Math.min(...ys) > 0 && Math.max(...ys) / Math.min(...ys) > 30;
  const f = logY ? Math.log10 : v => v;
  let y0 = f(options.yRange ? options.yRange[0] : Math.min(...ys));
  let y1 = f(options.yRange ? options.yRange[1] : Math.max(...ys));
  if (y1 - y0 < 1e-12) { y0 -= 0.5; y1 += 0.5; }
  const gx0 = g(x0), gx1 = g(x1);
  const X = v => left + (width - left - right) * (g(v) - gx0) / ((gx1 - gx0) || 1);
  const Y = v => top + (height - top - bottom) * (1 - (f(v) - y0) / (y1 - y0));
  element("rect", { x: left, y: top, width: width - left - right, height: height - top - bottom, fill: "none",
    stroke: "#ddd" }, svg);
  for (const t of logX ? logTicks(gx0, gx1) : niceTicks(x0, x1, 6)) {
    element("line", { x1: X(t), x2: X(t), y1: height - bottom, y2: height - bottom + 4, stroke: "#999" }, svg);
    element("text", { x: X(t), y: height - bottom + 16, "text-anchor": "middle" }, svg, short(t));
  }
  const yTicks = logY ? logTicks(y0, y1) : niceTicks(y0, y1, 5);
  for (const t of yTicks) {
    element("line", { x1: left, x2: width - right, y1: Y(t), y2: Y(t), stroke: "#f0f0f0" }, svg);
    element("text", { x: left - 5, y: Y(t) + 4, "text-anchor": "end" }, svg, short(t));
  }
  element("text", { x: left + (width - left - right) / 2, y: height - 2, "text-anchor": "middle" }, svg,
    (options.xLabel || "") + (logX ? " (log)" : ""));
  element("text", { x: 12, y: top + (height - top - bottom) / 2, "text-anchor": "middle",
    transform: `rotate(-90 12 ${top + (height - top - bottom) / 2})` }, svg, (options.yLabel || "")
    + (logY ? tr(" (log)") : ""));
  const bands = (options.bands || []).concat(options.band ? [[...options.band, "#eef1f4"]] : []);
  for (const [b0, b1, colour] of bands) {
    const from = X(Math.max(b0, x0)), to = X(Math.min(b1, x1));
    if (to > from) element("rect", { x: from, y: top, width: to - from, height: height - top - bottom, fill: colour }, svg);
  }
  const shown = p => (!logY || p[1] >= 1e-300) && (!logX || p[0] > 0)
    && (!options.clip || (f(p[1]) >= y0 - 1e-9 && f(p[1]) <= y1 + 1e-9));
  series.forEach(s => {
    const points = s.points.filter(shown);
    if (s.dots || points.length === 1) {     // a run of one epoch: a dot, as a line of one point shows nothing
      const group = element("g", {}, svg);
      for (const p of points) {
        element("circle", { cx: X(p[0]), cy: Y(p[1]), r: s.radius || 3.5, fill: s.colour, stroke: "#fff",
          "stroke-width": 0.8 }, group);
      }
      return;
    }
    const line = element("polyline", { points: points.map(p => {
      const y = Math.max(top - 40, Math.min(height - bottom + 40, Y(p[1])));
      return `${X(p[0]).toFixed(2)},${y.toFixed(2)}`;
    }).join(" "), fill: "none", stroke: s.colour, "stroke-width": s.width || 1.8 }, svg);
    if (s.dashed) line.setAttribute("stroke-dasharray", s.dashed === true ? "5 3" : s.dashed);
  });
  let legendX = left + 8;
  series.filter(s => s.name).forEach(s => {
    if (s.dots) element("circle", { cx: legendX + 8, cy: 9, r: 3.5, fill: s.colour }, svg);
    else element("line", { x1: legendX, x2: legendX + 16, y1: 9, y2: 9, stroke: s.colour, "stroke-width": 2,
      "stroke-dasharray": s.dashed ? (s.dashed === true ? "5 3" : s.dashed) : "none" }, svg);
    element("text", { x: legendX + 20, y: 13 }, svg, s.name);
    legendX += 30 + 6.5 * s.name.length * (/[\u1100-\ud7a3]/.test(s.name) ? 1.8 : 1);   // Hangul is wider
  });
  const valueAt = event => {
    const t = gx0 + (pointIn(svg, event)[0] - left) / (width - left - right) * (gx1 - gx0);
    return logX ? Math.pow(10, t) : t;
  };
  return { svg, X, Y, top, bottom: height - bottom, logY, valueAt };
}

// the point of a series nearest to x (its points in increasing x)
function nearestPoint(points, x) {
  let best = points[0];
  for (const p of points) if (Math.abs(p[0] - x) < Math.abs(best[0] - x)) best = p;
  return best;
}

function lossCard() {
  if (!RUNS[0].losses.training.length) return;
  const measured = RUNS[0].losses.epochs;    // the epochs the losses were measured after, if not every epoch
  const caption = !RUNS[0].losses.test ? tr("The training loss, measured as it trained")
    : measured ? tr("The training loss, measured as it trained, and the test loss (dashed)")
      : tr("The training loss, measured as it trained, and the test loss after each epoch");
  const box = card(tr("Loss"), caption + (DATA.loss_floor ? tr("; dotted: the {name}", { name: DATA.loss_floor.name })
    : "") + tr("; the grey line marks the snapshot shown."));
  const series = [];
  const at = (values, k) => [measured ? measured[k] : (k + 1) * EPOCH_SCALE, values[k]];
  RUNS.forEach((run, r) => {
    const colour = RUN_COLOURS[RUNS.length > 1 ? r + 1 : 0];
    const prefix = RUNS.length > 1 ? run.name + " " : "";
    series.push({ name: prefix + (run.losses.test ? tr("training") : ""), colour,
      points: run.losses.training.map((v, k) => at(run.losses.training, k)) });
    if (run.losses.test) {
      series.push({ name: prefix + tr("test"), colour: RUNS.length > 1 ? colour : RUN_COLOURS[4], dashed: true,
        points: run.losses.test.map((v, k) => at(run.losses.test, k)) });
    }
  });
  series.forEach(s => { if (!s.name) delete s.name; });
  const last = series[0].points.at(-1)[0];
  if (DATA.loss_floor) {
    series.push({ colour: "#999", dashed: "2 3", width: 1.4, points: [[0, DATA.loss_floor.value], [last, DATA.loss_floor.value]] });
  }
  if (series.filter(s => s.name).length > 3) {      // too many for the chart's own legend: one above it
    legend(box, series.filter(s => s.name).map(s => [s.name, s.colour, s.dashed]));
    series.forEach(s => { s.key = s.name; delete s.name; });
  }
  const plot = chart(box, series, { xLabel: DATA.epoch_name, yLabel: DATA.loss_name || tr("loss"),
    xRange: [0, measured ? last : RUNS[0].losses.training.length * EPOCH_SCALE], width: RUNS.length > 1 ? 520 : 460,
    height: RUNS.length > 1 ? 260 : 220 });
  plot.svg.setAttribute("data-drawing", "loss");
  cursor(plot, box);
  explain(plot.svg, event => {
    const x = plot.valueAt(event);
    const where = nearestPoint(series[0].points, x)[0];
    return `${DATA.epoch_name} ${where}\n` + series.filter(s => (s.key || s.name) !== undefined || series.length === 1)
      .map(s => `${s.key || s.name || tr("loss")}: ${nearestPoint(s.points, where)[1]}`).join("\n");
  });
}

// the grey vertical line at the snapshot's epoch
function cursor(plot, box) {
  const line = element("line", { y1: plot.top, y2: plot.bottom, stroke: "#888", "stroke-width": 1.2 }, plot.svg);
  updates.push(s => {
    const x = plot.X(SNAPSHOTS[s].epoch * EPOCH_SCALE);
    line.setAttribute("x1", x);
    line.setAttribute("x2", x);
  });
}

// ---------------------------------------------------------------- the page types' own drawings
function truthTableCard() {
  if (!SNAPSHOTS[0].outputs) return;
  const box = card(tr("Truth table"), tr("Each pattern's output at this snapshot, as bpnn computed it (exact), and "
    + "whether it is on the right side of 1/2."));
  const table = element("table", { class: "numbers" }, box);
  const head = element("tr", {}, table);
  for (const name of ["x1", "x2", tr("target"), ...RUNS.map(run => (run.name ? run.name + " " : "") + tr("output"))]) {
    element("th", {}, head, name);
  }
  const cells = DATA.patterns.map(([inputs, targets]) => {
    const row = element("tr", {}, table);
    for (const v of [...inputs, targets[0]]) element("td", {}, row, String(v));
    return RUNS.map(() => element("td", {}, row));
  });
  updates.push(s => {
    DATA.patterns.forEach(([, targets], p) => RUNS.forEach((run, r) => {
      const y = run.snapshots[s].outputs[p][0];
      const right = (y >= 0.5) === (targets[0] >= 0.5);
      cells[p][r].textContent = `${Number.isInteger(y) ? y : y.toFixed(6)} ${right ? "✓" : "✗"}`;
      cells[p][r].className = right ? "right" : "wrong";
      cells[p][r].title = String(y);
    }));
  });
}

function curveCard() {
  const curve = DATA.curve;
  const run = RUNS[0];
  const network = run.network;
  const xs = curve.points.map(p => p[0]);
  const ys = curve.points.map(p => p[1]);
  const box = card(tr("The fit"), tr("The cubic (grey) and the network's curve (blue) at this snapshot; shaded: the "
    + "interval it trained on. At the end: rmse {inside} inside, {outside} outside.",
  { inside: short(curve.rmse_inside), outside: short(curve.rmse_outside) }), "wide");
  const low = Math.min(...ys), high = Math.max(...ys);
  const fitted = xs.map(x => forward(network, run.snapshots.at(-1).weights, [x]).at(-1)[0]);
  const plot = chart(box, [{ name: "y = x³ + x² − x − 1", colour: "#999", width: 3, points: curve.points },
    { name: tr("network"), colour: css(POSITIVE), points: xs.map((x, k) => [x, fitted[k]]) }],
  { width: 1080, height: 300, xLabel: "x", yLabel: "y", log: false, yRange: [low, high], band: curve.interval });
  const line = plot.svg.querySelectorAll("polyline")[1];
  plot.svg.setAttribute("data-drawing", "curve");
  const pieces = card(tr("Each hidden node's part"), tr("A hidden node's output times its weight to the output: "
    + "a ReLU node is 0 on one side of its bend and a straight line on the other. The network's curve is their "
    + "sum plus the output's bias."), "wide");
  const hidden = network.sizes[1];
  const partSeries = Array.from({ length: hidden }, (_, j) => ({ colour: `hsl(${(j * 360) / hidden},55%,45%)`,
    width: 1.4, points: xs.map(x => [x, 0]) }));
  const partsPlot = chart(pieces, partSeries.concat([{ colour: "#000", width: 0.5, points: [[xs[0], 0], [xs.at(-1), 0]] }]),
    { width: 1080, height: 220, xLabel: "x", yLabel: tr("part of y"), log: false, yRange: [low / 2, high / 2],
      band: curve.interval });
  const partLines = partsPlot.svg.querySelectorAll("polyline");
  partLines.forEach((polyline, j) => {
    if (j < hidden) {
      explain(polyline, () => tr("hidden node {number}: {part}",
        { number: j + 1, part: describePart(run.snapshots[current].weights, j) }));
    }
  });
  explain(plot.svg, event => {
    const x = Math.max(xs[0], Math.min(xs.at(-1), plot.valueAt(event)));
    const y = forward(network, run.snapshots[current].weights, [x]).at(-1)[0];
    return `x = ${x.toFixed(3)}\n` + tr("cubic {value}", { value: short(x * x * x + x * x - x - 1) }) + "\n"
      + tr("network {value}", { value: short(y) });
  });
  updates.push(s => {
    const weights = run.snapshots[s].weights;
    const clampY = v => Math.max(plot.top - 40, Math.min(plot.bottom + 40, v));
    line.setAttribute("points", xs.map(x => `${plot.X(x).toFixed(2)},${clampY(plot.Y(forward(network, weights,
      [x]).at(-1)[0])).toFixed(2)}`).join(" "));
    const clampP = v => Math.max(partsPlot.top - 20, Math.min(partsPlot.bottom + 20, v));
    for (let j = 0; j < hidden; j++) {
      const out = weights[1][j][0];
      partLines[j].setAttribute("points", xs.map(x => {
        const y = forward(network, weights, [x])[1][j] * out;
        return `${partsPlot.X(x).toFixed(2)},${clampP(partsPlot.Y(y)).toFixed(2)}`;
      }).join(" "));
    }
  });
}

function describePart(weights, j) {
  const w = weights[0][0][j], b = weights[0][1][j], v = weights[1][j][0];
  return `${short(v)} · relu(${short(w)} x + ${short(b)})` + (w !== 0 ? tr(", bend at x = {x}", { x: short(-b / w) }) : "");
}

function gradientCard() {
  if (!SNAPSHOTS[0].gradient_norms) return;
  const layers = SNAPSHOTS[0].gradient_norms.length;
  const box = card(tr("Gradient norm of each layer"), tr("‖∂E/∂W‖ of each layer at this snapshot (log scale), and as a "
    + "black line at the initial weights: the size of the step gradient descent takes there. Layer 1 reads the "
    + "inputs; the gradient reaches it last."));
  const width = 460, height = 240, left = 56, bottom = 40, top = 24;
  const svg = drawing(box, width, height);
  const all = RUNS.flatMap(run => run.snapshots.flatMap(s => s.gradient_norms)).filter(v => v > 0);
  const lo = Math.floor(Math.log10(Math.min(...all))), hi = Math.ceil(Math.log10(Math.max(...all)));
  const Y = v => top + (height - top - bottom) * (1 - (Math.log10(Math.max(v, Math.pow(10, lo))) - lo) / (hi - lo));
  for (let e = lo; e <= hi; e++) {
    element("line", { x1: left, x2: width - 8, y1: Y(Math.pow(10, e)), y2: Y(Math.pow(10, e)), stroke: "#eee" }, svg);
    element("text", { x: left - 5, y: Y(Math.pow(10, e)) + 4, "text-anchor": "end" }, svg, `1e${e}`);
  }
  const group = (width - left - 8) / layers;
  const barWidth = group * 0.8 / RUNS.length;
  const bars = [];
  for (let l = 0; l < layers; l++) {
    element("text", { x: left + group * (l + 0.5), y: height - bottom + 16, "text-anchor": "middle" }, svg,
      tr("layer {number}", { number: l + 1 }));
    RUNS.forEach((run, r) => {
      const bar = element("rect", { x: left + group * l + group * 0.1 + barWidth * r, width: barWidth - 1,
        fill: RUN_COLOURS[r + 1] }, svg);
      explain(bar, () => tr("{name}, layer {number}: ‖∂E/∂W‖ = {norm}",
        { name: run.name, number: l + 1, norm: run.snapshots[current].gradient_norms[l] })
        + "\n" + tr("at the initial weights: {norm}", { norm: run.snapshots[0].gradient_norms[l] }));
      bars.push([bar, run, l]);
      const start = Y(run.snapshots[0].gradient_norms[l]);
      element("line", { x1: left + group * l + group * 0.1 + barWidth * r - 1, x2: left + group * l + group * 0.1
        + barWidth * (r + 1), y1: start, y2: start, stroke: "#000", "stroke-width": 2 }, svg);
    });
  }
  RUNS.forEach((run, r) => {
    element("rect", { x: left + 8 + 90 * r, y: 0, width: 12, height: 12, fill: RUN_COLOURS[r + 1] }, svg);
    element("text", { x: left + 24 + 90 * r, y: 10 }, svg, run.name);
  });
  updates.push(s => {
    for (const [bar, run, l] of bars) {
      const y = Y(run.snapshots[s].gradient_norms[l]);
      bar.setAttribute("y", y);
      bar.setAttribute("height", Math.max(0, height - bottom - y));
    }
  });
}

function imageCanvas(values, shape, scale, size, signed) {
  const canvas = tileCanvas(size);
  paintImage(canvas, values, shape, scale, signed);
  return canvas;
}

// an image's pixels: grey levels (0 white, scale black), or signed values orange to blue
function paintImage(canvas, values, shape, scale, signed) {
  const [rows, columns] = shape;
  canvas.width = columns;
  canvas.height = rows;
  const context = canvas.getContext("2d");
  const image = context.createImageData(columns, rows);
  for (let p = 0; p < rows * columns; p++) {
    const colour = signed ? shade(values[p] / scale) : [0, 0, 0].map(() => Math.round(255 - 255 * values[p] / scale));
    image.data.set([...colour, 255], 4 * p);
  }
  context.putImageData(image, 0, 0);
  return canvas;
}

function classCards() {
  const classes = DATA.classes;
  const run = RUNS[0];
  const accuracyBox = card(tr("Test accuracy"), tr("The share of test images whose largest output is their label, "
    + "after each epoch."));
  const plot = chart(accuracyBox, [{ colour: css(POSITIVE), points: classes.accuracy.map((a, k) => [k + 1, 100 * a]) }],
    { xLabel: tr("epoch"), yLabel: tr("right (%)"), log: false, xRange: [0, classes.accuracy.length] });
  cursor(plot, accuracyBox);

  const confusionBox = card(tr("Confusion matrix"), tr("Rows: the true digit; columns: the network's answer, at this "
    + "snapshot. The diagonal is right; every other count is a mistake."));
  const table = element("table", { class: "numbers confusion", "data-drawing": "confusion" }, confusionBox);
  const head = element("tr", {}, table);
  element("th", {}, head, tr("true \\ said"));
  for (let k = 0; k < 10; k++) element("th", {}, head, String(k));
  const cells = [];
  for (let label = 0; label < 10; label++) {
    const row = element("tr", {}, table);
    element("th", {}, row, String(label));
    cells.push(Array.from({ length: 10 }, () => element("td", {}, row)));
  }
  const summary = element("p", { class: "caption" }, confusionBox);

  const shown = classes.images.length;
  const all = shown === classes.labels.length;
  const wrongBox = card(tr("Misclassified test images"), all
    ? tr("Among the {shown} test images, the ones the network gets wrong at this snapshot: the true digit, then the "
      + "answer.", { shown })
    : tr("Among the {shown} test images this page keeps (those the trained network gets wrong, and the first "
      + "others), the ones the network gets wrong at this snapshot: the true digit, then the answer.", { shown }));
  const wrongCaption = element("p", { class: "caption" }, wrongBox);
  const tiles = element("div", { class: "tiles" }, wrongBox);
  const imageSize = Math.max(48, Math.min(56, 2 * classes.image_shape[1]));
  const images = classes.pixels.map((pixels, k) => {
    const figure = element("figure", {});
    figure.appendChild(imageCanvas(pixels, classes.image_shape, classes.scale, imageSize, false));
    const caption = element("figcaption", {}, figure);
    return [figure, caption, classes.images[k]];
  });

  let fields = null;
  if (WITH_WEIGHTS && run.network.sizes[0] === classes.image_shape[0] * classes.image_shape[1]) {
    const hidden = run.network.sizes[1];
    const fieldBox = card(tr("What each first-layer node looks for"), tr("Each of the {hidden} first-layer nodes' "
      + "weights from the pixels, drawn as an image, each scaled to its own largest weight: blue pixels push its "
      + "weighted sum up, orange ones down. Point at a pixel for its weight.", { hidden }), "wide");
    const holder = element("div", { class: "tiles" }, fieldBox);
    fields = fieldImages(holder, run, classes.image_shape);
  }

  updates.push(s => {
    const snapshot = run.snapshots[s];
    let right = 0, total = 0, largest = 1;
    snapshot.confusion.forEach(row => row.forEach(n => { largest = Math.max(largest, n); }));
    snapshot.confusion.forEach((row, label) => row.forEach((n, said) => {
      const cell = cells[label][said];
      cell.textContent = n ? String(n) : "";
      const strength = Math.sqrt(n / largest);
      cell.style.background = n ? css(shade(label === said ? strength : -strength)) : "#fafafa";
      cell.style.color = strength > 0.6 ? "#fff" : "#222";
      total += n;
      if (label === said) right += n;
    }));
    summary.textContent = tr("{right} of {total} right ({percent}%) at epoch {epoch}.",
      { right, total, percent: (100 * right / total).toFixed(2), epoch: snapshot.epoch });
    tiles.replaceChildren();
    let wrong = 0;
    for (const [figure, caption, k] of images) {
      const said = snapshot.predictions[k];
      if (said === classes.labels[k]) continue;
      wrong += 1;
      if (wrong <= 120) {
        caption.textContent = `${classes.labels[k]} → ${said}`;
        tiles.appendChild(figure);
      }
    }
    wrongCaption.textContent = wrong > 120 ? tr("{wrong} of {shown} wrong (the first 120 shown).", { wrong, shown })
      : tr("{wrong} of {shown} wrong.", { wrong, shown });
    if (fields) fields(snapshot.weights[0]);
  });
}

// each first-layer node's weights from the pixels as an image: the canvases once, repainted per snapshot
function fieldImages(holder, run, shape) {
  const pixels = shape[0] * shape[1];
  const hidden = run.network.sizes[1];
  const size = hidden > 64 ? 48 : 64;
  const canvases = [];
  for (let j = 0; j < hidden; j++) {
    const canvas = tileCanvas(size);
    holder.appendChild(canvas);
    canvases.push(canvas);
    explain(canvas, event => {
      const matrix = run.snapshots[current].weights[0];
      const bounds = canvas.getBoundingClientRect();
      const column = cellAt(event.clientX - bounds.left, bounds.width, shape[1]);
      const row = cellAt(event.clientY - bounds.top, bounds.height, shape[0]);
      const i = row * shape[1] + column;
      return tr("hidden node {number}: w = {w} from pixel ({row}, {column})",
        { number: j + 1, w: matrix[i][j], row: row + 1, column: column + 1 })
        + (run.network.bias[0] ? "\n" + tr("its bias weight {w}", { w: matrix[pixels][j] }) : "");
    });
  }
  return matrix => canvases.forEach((canvas, j) => {
    const values = [];
    let scale = 0;
    for (let i = 0; i < pixels; i++) {
      values.push(matrix[i][j]);
      scale = Math.max(scale, Math.abs(matrix[i][j]));
    }
    paintImage(canvas, values, shape, scale || 1, true);
  });
}


// ---------------------------------------------------------------- bpnn trace: one step on the drawing
// DATA.trace is bpnn.course.ch06_trace.Trace: per layer its inputs a_i (bias node last), weights w_ij
// before the step, weighted sums z_j, outputs y_j, derivatives f'(y_j), deltas, gradients, the
// optimizer's memory before and after, and the new weights. Every number shown is one of those.
const DERIVATIVES = { sigmoid: "y (1 − y)", tanh: "1 − y²", relu: tr("1 if y > 0, else 0"),
  leaky_relu: tr("1 if y > 0, else 0.01"), linear: "1" };

// as bpnn trace prints them: six decimals, or six significant digits for very small or large numbers
function number(v) {
  return v !== 0 && !(Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6) ? v.toExponential(6) : (v + 0).toFixed(6);
}

function signed(v) { return v < 0 ? `(${number(v)})` : number(v); }

function forwardEquations(l, j) {
  const layer = DATA.trace.layers[l];
  const terms = layer.inputs.map((a, i) => `${number(a)} × ${signed(layer.weights[i][j])}`).join(" + ");
  const lines = [`z${j + 1} = Σ_i a_i w_i${j + 1} = ${terms}\n   = ${number(layer.weighted_sums[j])}`];
  if (layer.activation === "softmax") {
    lines.push(tr("y{j} = e^(z{j} − m) / Σ_k e^(z_k − m), m the largest z = {y}",
      { j: j + 1, y: number(layer.outputs[j]) }));
  } else {
    lines.push(`y${j + 1} = ${layer.activation}(z${j + 1}) = ${layer.activation}(${number(layer.weighted_sums[j])}) `
      + `= ${number(layer.outputs[j])}`);
  }
  return lines;
}

function deltaEquation(l, j) {
  const trace = DATA.trace;
  const layer = trace.layers[l];
  const last = trace.layers.length - 1;
  const delta = number(layer.deltas[j]);
  if (l < last) {
    const above = trace.layers[l + 1];
    const terms = above.deltas.map((d, k) => `${signed(above.weights[j][k])} × ${signed(d)}`).join(" + ");
    return tr("δ{j} = f'(y{j}) Σ_k w_{j}k δ_k, f'(y) = {derivative} for {activation}",
      { j: j + 1, derivative: DERIVATIVES[layer.activation], activation: layer.activation })
      + `\n   = ${number(layer.derivatives[j])} × (${terms})\n   = ${delta}`;
  }
  const y = layer.outputs[j], t = trace.targets[j], n = layer.outputs.length;
  if (trace.loss === "half_sse") {
    return `δ${j + 1} = ∂E/∂z = f'(y) (y − t), f'(y) = ${DERIVATIVES[layer.activation]}\n   = `
      + `${number(layer.derivatives[j])} × (${number(y)} − ${t}) = ${delta}`;
  }
  if (trace.loss === "mse") {
    return `δ${j + 1} = ∂E/∂z = f'(y) · 2 (y − t) / ${n}, f'(y) = ${DERIVATIVES[layer.activation]}\n   = `
      + `${number(layer.derivatives[j])} × 2 (${number(y)} − ${t}) / ${n} = ${delta}`;
  }
  if (trace.loss === "bce") {
    return tr("δ{j} = ∂E/∂z = (y − t) / {n} (the sigmoid's derivative cancels)", { j: j + 1, n })
      + `\n   = (${number(y)} − ${t}) / ${n} = ${delta}`;
  }
  let total = 0;
  for (const target of trace.targets) total += target;
  return tr("δ{j} = y (Σ_k t_k) − t (softmax with cross-entropy)", { j: j + 1 })
    + `\n   = ${number(y)} × ${total} − ${t} = ${delta}`;
}

function lossEquation() {
  const trace = DATA.trace;
  const output = trace.layers.at(-1);
  const pairs = output.outputs.map((y, k) => [y, trace.targets[k]]);
  const n = pairs.length;
  if (trace.loss === "half_sse") {
    return "E = Σ_k ½ (t_k − y_k)² = " + pairs.map(([y, t]) => `½ (${t} − ${number(y)})²`).join(" + ");
  }
  if (trace.loss === "mse") {
    return `E = (1/${n}) Σ_k (y_k − t_k)² = (1/${n}) (` + pairs.map(([y, t]) => `(${number(y)} − ${t})²`).join(" + ") + ")";
  }
  if (trace.loss === "bce") {
    return `E = −(1/${n}) Σ_k [t_k log y_k + (1 − t_k) log(1 − y_k)] = −(1/${n}) (`
      + pairs.map(([y, t]) => `${t} log ${number(y)} + (1 − ${t}) log(1 − ${number(y)})`).join(" + ") + ")";
  }
  return "E = −Σ_k t_k log y_k = −(" + pairs.map(([y, t]) => `${t} log ${number(y)}`).join(" + ") + ")";
}

function updateEquations(l, i, j) {
  const trace = DATA.trace;
  const layer = trace.layers[l];
  const a = layer.inputs[i], delta = layer.deltas[j], g = layer.gradients[i][j];
  const w = layer.weights[i][j], after = layer.new_weights[i][j];
  const lines = [`g = ∂E/∂w = a_${i + 1} δ_${j + 1} = ${number(a)} × ${signed(delta)} = ${number(g)}`];
  const before = slot => layer.state_before[slot][i][j], now = slot => layer.state_after[slot][i][j];
  if (trace.optimizer === "classic") {
    lines.push(tr("w after = w + lr (−g) + momentum × previous change")
      + `\n   = ${number(w)} + ${trace.lr} × ${signed(-g)} + `
      + `${trace.momentum} × ${signed(before("previous_change"))} = ${number(after)}`);
  } else if (trace.optimizer === "sgd") {
    lines.push(tr("v after = momentum × v + g") + ` = ${trace.momentum} × ${signed(before("velocity"))} + ${signed(g)} = `
      + number(now("velocity")));
    lines.push(tr("w after = w − lr × v after") + ` = ${number(w)} − ${trace.lr} × ${signed(now("velocity"))} = `
      + number(after));
  } else {
    const { beta1, beta2, epsilon } = DATA.adam;
    const t = trace.updates_taken;
    const step = trace.lr / (1 - Math.pow(beta1, t));
    const rest1 = Number((1 - beta1).toFixed(12)), rest2 = Number((1 - beta2).toFixed(12));   // 0.1, 0.001 as written
    lines.push(tr("m after = {beta1} m + {rest1} g", { beta1, rest1 }) + ` = ${beta1} × ${signed(before("first_moment"))} + `
      + `${rest1} × ${signed(g)} = ${number(now("first_moment"))}`);
    lines.push(tr("v after = {beta2} v + {rest2} g²", { beta2, rest2 }) + ` = ${beta2} × `
      + `${signed(before("second_moment"))} + ${rest2} × ${signed(g)}² = ${number(now("second_moment"))}`);
    lines.push(tr("w after = w − step × m after / (√(v after) / √(1 − {beta2}^{t}) + {epsilon}), step = lr / (1 − "
      + "{beta1}^{t}) = {step}", { beta1, beta2, epsilon, t, step: number(step) }) + `\n   = ${number(after)}`);
  }
  lines.push(tr("exactly: w {before} → {after}", { before: w, after }));
  return lines;
}

// a white outline behind a label, so that it reads across the lines under it
function halo(text) {
  text.style.stroke = "#fff";
  text.style.strokeWidth = "3px";
  text.style.paintOrder = "stroke";
}

function traceCard() {
  const trace = DATA.trace;
  const run = RUNS[0];
  const network = run.network;
  const sizes = network.sizes;
  const layers = sizes.length;
  const counts = sizes.map((n, l) => n + (l < layers - 1 && network.bias[l] ? 1 : 0));
  const tallest = Math.max(...counts);
  const labelled = tallest <= 8;
  const width = 1080, height = Math.max(340, Math.min(900, tallest * (labelled ? 110 : 16) + 60));
  const box = card(tr("The step on the network"), tr("{sizes}, {activations}, {loss} loss, {optimizer} optimizer. Blue "
    + "lines are positive weights, orange negative.", { sizes: sizes.join("-"),
    activations: activationsOf(network), loss: trace.loss, optimizer: trace.optimizer }), "wide");
  const svg = drawing(box, width, height);
  svg.setAttribute("data-drawing", "network");
  const radius = labelled ? 18 : Math.max(3, Math.min(12, (height - 60) / tallest / 2.6));
  const x = l => 90 + (width - 260) * l / (layers - 1);
  const positions = counts.map(count => {
    const step = (height - 60) / count;
    return Array.from({ length: count }, (_, i) => 40 + step * (i + 0.5));
  });
  const edges = [];
  const edgeGroup = element("g", {}, svg);
  let edgeCount = 0;
  for (let l = 0; l < layers - 1; l++) edgeCount += counts[l] * sizes[l + 1];
  const widest = Math.max(1.2, Math.min(9, 90 / Math.sqrt(edgeCount)));
  const scale = Math.max(largestWeight(SNAPSHOTS[0].weights), largestWeight(SNAPSHOTS.at(-1).weights));
  for (let l = 0; l < layers - 1; l++) {
    positions[l].forEach((y1, i) => {
      for (let j = 0; j < sizes[l + 1]; j++) {
        const y2 = positions[l + 1][j], x1 = x(l), x2 = x(l + 1), middle = (x1 + x2) / 2;
        const path = element("path", { d: `M${x1},${y1} C${middle},${y1} ${middle},${y2} ${x2},${y2}`, fill: "none" },
          edgeGroup);
        path.style.opacity = 0.8;
        const label = labelled && edgeCount <= 16 ? element("text", { x: x1 + (x2 - x1) * 0.3,
          y: y1 + (y2 - y1) * 0.3 - 4, "text-anchor": "middle" }, svg) : null;
        if (label) { label.style.fontSize = "10.5px"; halo(label); }
        edges.push([path, label, l, i, j]);
        explain(path, () => tr("layer {layer}'s weight from {from} to {to}",
          { layer: l + 1, from: nodeName(network, l, i), to: nodeName(network, l + 1, j) })
          + "\n" + tr("w = {w} before the step", { w: number(trace.layers[l].weights[i][j]) }) + "\n"
          + updateEquations(l, i, j).join("\n"));
      }
    });
  }
  const nodeLabels = [];
  positions.forEach((column, l) => column.forEach((cy, i) => {
    const cx = x(l);
    const bias = i === sizes[l];
    const shape = bias
      ? element("rect", { x: cx - radius, y: cy - radius, width: 2 * radius, height: 2 * radius, rx: 4, fill: "#f7f7f7",
        stroke: "#888" }, svg)
      : element("circle", { cx, cy, r: radius, fill: "#fff", stroke: "#444", "stroke-width": 1.5 }, svg);
    if (bias) {
      element("text", { x: cx, y: cy + 4, "text-anchor": "middle" }, svg, "1");
      explain(shape, tr("the bias node: a constant a = 1, so its weight's gradient is 1 · δ_j = δ_j"));
      return;
    }
    const label = labelled ? element("text", { x: cx, y: cy - radius - 19, "text-anchor": "middle" }, svg) : null;
    const second = labelled ? element("text", { x: cx, y: cy - radius - 6, "text-anchor": "middle" }, svg) : null;
    for (const text of [label, second]) if (text) { text.style.fontSize = "11.5px"; text.style.fill = "#222"; halo(text); }
    nodeLabels.push([label, second, l, i]);
    if (l === 0) {
      explain(shape, tr("input x{i}: a{i} = {a}, read by layer 1", { i: i + 1, a: number(trace.inputs[i]) }));
    } else {
      explain(shape, () => {
        const lines = [`${nodeName(network, l, i)} (${network.activations[l - 1]})`, ...forwardEquations(l - 1, i)];
        if (current >= 2) lines.push(deltaEquation(l - 1, i));
        else lines.push(tr("(its delta comes in the backward pass: step on to stage 3)"));
        return lines.join("\n");
      });
    }
  }));
  layerNames(sizes).forEach((name, l) =>
    element("text", { x: x(l), y: height - 2, "text-anchor": "middle" }, svg, name));
  const lossText = element("text", { x: x(layers - 1) + 40, y: positions[layers - 1][0] + 5 }, svg);
  lossText.style.fontSize = "13px";
  lossText.style.fill = "#222";

  updates.push(s => {
    const weights = SNAPSHOTS[s].weights;
    for (const [path, label, l, i, j] of edges) {
      const w = weights[l][i][j];
      path.setAttribute("stroke", css(w >= 0 ? POSITIVE : NEGATIVE));
      path.setAttribute("stroke-width", 0.4 + (widest - 0.4) * Math.min(1, Math.abs(w) / scale));
      if (!label) continue;
      const layer = trace.layers[l];
      label.textContent = s === 3 ? `g = ${short(layer.gradients[i][j])}`
        : s === 4 ? `${short(layer.weights[i][j])} → ${short(layer.new_weights[i][j])}` : `w = ${short(w)}`;
      label.style.fill = s >= 3 ? "#000" : "#6b6b6b";
    }
    for (const [label, second, l, i] of nodeLabels) {
      if (!label) continue;
      if (l === 0) { label.textContent = `a = ${short(trace.inputs[i])}`; second.textContent = ""; continue; }
      const layer = trace.layers[l - 1];
      if (s >= 2) {
        label.textContent = `δ = ${short(layer.deltas[i])}`;
        second.textContent = `y = ${short(layer.outputs[i])}`;
      } else {
        label.textContent = `z = ${short(layer.weighted_sums[i])}`;
        second.textContent = `y = ${short(layer.outputs[i])}` + (s === 1 && l === layers - 1
          ? `, t = ${trace.targets[i]}` : "");
      }
    }
    lossText.textContent = s >= 1 ? `E = ${short(trace.error)}` : "";
  });
}

function traceEquationCard() {
  const trace = DATA.trace;
  const box = card(tr("The stage's equations"), tr("With the numbers of this step plugged in (six decimals; point at "
    + "the drawing for any node or line)."), "wide");
  const text = element("pre", {}, box);
  text.style.whiteSpace = "pre-wrap";
  text.style.fontSize = "13px";
  const last = trace.layers.length - 1;
  updates.push(s => {
    const lines = [];
    if (s === 0) {
      trace.layers.forEach((layer, l) => {
        const values = { number: l + 1, activation: layer.activation, inputs: layer.inputs.map(number).join(", ") };
        lines.push(trace.bias[l] ? tr("layer {number} ({activation}), reading a = ({inputs}), the bias node's 1 last", values)
          : tr("layer {number} ({activation}), reading a = ({inputs})", values));
        layer.outputs.forEach((_, j) => lines.push(...forwardEquations(l, j).map(line => "  " + line)));
      });
    } else if (s === 1) {
      lines.push(lossEquation(), `  = ${number(trace.error)}`);
    } else if (s === 2) {
      for (let l = last; l >= 0; l--) {
        lines.push(l === last ? tr("the output layer")
          : tr("layer {number}, from layer {above}'s deltas and weights", { number: l + 1, above: l + 2 }));
        trace.layers[l].deltas.forEach((_, j) => lines.push("  " + deltaEquation(l, j)));
      }
    } else {
      trace.layers.forEach((layer, l) => {
        lines.push(tr("layer {number}", { number: l + 1 }));
        layer.inputs.forEach((_, i) => layer.deltas.forEach((__, j) => {
          const equations = updateEquations(l, i, j);
          lines.push(`  w${i + 1},${j + 1}: ` + (s === 3 ? equations[0] : equations.slice(1).join("\n    ")));
        }));
      });
    }
    text.textContent = lines.join("\n");
  });
}

// ---------------------------------------------------------------- the new chapters' cards
// a row of coloured keys, one per [name, colour, dashed] (several charts sharing one legend, or a long one);
// dashed: true for a dashed line, "dot" for a dot
function legend(parent, items) {
  const row = element("div", { class: "legend" }, parent);
  for (const [name, colour, dashed] of items) {
    const key = element("span", {}, row);
    const mark = element("i", {}, key);
    if (dashed === "dot") Object.assign(mark.style, { background: colour, width: "8px", height: "8px", borderRadius: "50%",
      margin: "0 6px 1px 0" });
    else if (dashed) Object.assign(mark.style, { borderTop: `3px dashed ${colour}`, height: "0" });
    else mark.style.background = colour;
    key.appendChild(document.createTextNode(name));
  }
  return row;
}

// a dot per run on a chart, moved to each snapshot: where(run, s) gives [x, y] or null (not on the chart)
function snapshotDots(plot, where) {
  const dots = RUNS.map((run, r) => element("circle", { r: 4.5, fill: RUN_COLOURS[r + 1], stroke: "#fff",
    "stroke-width": 1.5 }, plot.svg));
  updates.push(s => RUNS.forEach((run, r) => {
    const point = where(run, s);
    dots[r].style.display = point ? "" : "none";
    if (point) { dots[r].setAttribute("cx", plot.X(point[0])); dots[r].setAttribute("cy", plot.Y(point[1])); }
  }));
}

// bpnn descent: each run's loss against epochs, weight updates and seconds, on the same loss axis
function descentLossCard() {
  const box = card(WORDS.descentLoss, WORDS.descentLossCaption, "wide");
  legend(box, RUNS.map((run, r) => [run.name, RUN_COLOURS[r + 1]]));
  const row = element("div", { class: "row" }, box);
  const all = RUNS.flatMap(run => run.updates.losses);
  const yRange = [Math.min(...all), Math.max(...all)];
  const epochs = RUNS[0].losses.training.length;
  const size = { width: 350, height: 250, yLabel: WORDS.dataLoss, yRange };
  const byEpoch = chart(row, RUNS.map((run, r) => ({ colour: RUN_COLOURS[r + 1],
    points: [[0, run.updates.losses[0]], ...run.losses.training.map((v, k) => [k + 1, v])] })),
  { ...size, xLabel: WORDS.epochAxis, xRange: [0, epochs] });
  byEpoch.svg.setAttribute("data-drawing", "loss");
  const byUpdate = chart(row, RUNS.map((run, r) => ({ colour: RUN_COLOURS[r + 1], width: 1.2,
    points: run.updates.losses.map((v, u) => [u, v]) })), { ...size, xLabel: WORDS.updateAxis, logX: true });
  byUpdate.svg.setAttribute("data-drawing", "updates");
  const bySecond = chart(row, RUNS.map((run, r) => ({ colour: RUN_COLOURS[r + 1], width: 1.2,
    points: run.updates.seconds.map((t, u) => [t, run.updates.losses[u + 1]]) })),
  { ...size, xLabel: WORDS.secondAxis, logX: true });
  const update = (run, s) => SNAPSHOTS[s].epoch * run.updates.per_epoch;
  snapshotDots(byEpoch, (run, s) => [SNAPSHOTS[s].epoch, run.updates.losses[update(run, s)]]);
  snapshotDots(byUpdate, (run, s) => update(run, s) > 0 ? [update(run, s), run.updates.losses[update(run, s)]] : null);
  snapshotDots(bySecond, (run, s) => update(run, s) > 0
    ? [run.updates.seconds[update(run, s) - 1], run.updates.losses[update(run, s)]] : null);
  explain(byEpoch.svg, event => {
    const k = Math.max(0, Math.min(epochs, Math.round(byEpoch.valueAt(event))));
    return `${WORDS.epochAxis} ${k}\n` + RUNS.map(run => `${run.name}: ${run.updates.losses[k * run.updates.per_epoch]}`)
      .join("\n");
  });
  explain(byUpdate.svg, event => {
    const u = Math.max(1, Math.round(byUpdate.valueAt(event)));
    return `${WORDS.updateAxis} ${u}\n` + RUNS.map(run => `${run.name}: `
      + (u < run.updates.losses.length ? run.updates.losses[u] : WORDS.done)).join("\n");
  });
  explain(bySecond.svg, event => {
    const t = bySecond.valueAt(event);
    return `${short(t)} s\n` + RUNS.map(run => {
      const u = run.updates.seconds.findIndex(v => v >= t);
      return `${run.name}: ` + (u < 0 ? WORDS.done : `${run.updates.losses[u + 1]}, ${WORDS.afterUpdate(u + 1)}`);
    }).join("\n");
  });
}

// a network's output over a plane, painted once, with the patterns as dots (a run's final network)
function smallSurface(parent, network, weights, patterns, plane, size) {
  const wrap = element("div", {}, parent);
  wrap.style.position = "relative";
  wrap.style.width = size + "px";
  wrap.style.height = size + "px";
  const res = 60;
  const canvas = tileCanvas(size);
  canvas.style.imageRendering = "auto";
  wrap.appendChild(canvas);
  const grid = planeOutputs(network, weights, res, plane);
  const last = network.sizes.length - 1;
  canvas.width = res;
  canvas.height = res;
  const context = canvas.getContext("2d");
  const image = context.createImageData(res, res);
  grid.forEach((point, p) => image.data.set([...shade(2 * point[last][0] - 1), 255], 4 * p));
  context.putImageData(image, 0, 0);
  const overlay = element("svg", { width: size, height: size }, wrap);
  overlay.style.position = "absolute";
  overlay.style.left = "0";
  overlay.style.top = "0";
  const toPixel = v => (v - plane[0]) / (plane[1] - plane[0]) * size;
  for (const [inputs, targets] of patterns) {
    element("circle", { cx: toPixel(inputs[0]), cy: size - toPixel(inputs[1]), r: 6, fill: css(targets[0] >= 0.5
      ? POSITIVE : NEGATIVE), stroke: "#fff", "stroke-width": 2 }, overlay);
  }
  return wrap;
}

// bpnn optimizers: tutorial 4's update run as written, beside the correct rule
function signFlipCard() {
  const flip = DATA.sign_flipped;
  const box = card(WORDS.flipTitle, WORDS.flipCaption(flip.lr, flip.epochs), "wide");
  const colours = [css(NEGATIVE), "#b35806", "#7b3294", css(POSITIVE)];
  const names = flip.runs.map(run => WORDS.flipRun(run.rule, run.momentum));
  legend(box, names.map((name, r) => [name, colours[r % colours.length]]));
  const series = flip.runs.map((run, r) => ({ colour: colours[r % colours.length], width: 2,
    points: run.errors.map((e, k) => [k + 1, e]) }));
  const plot = chart(box, series, { width: 1080, height: 260, xLabel: WORDS.epochAxis, yLabel: WORDS.errorAxis,
    xRange: [1, flip.epochs], logX: true });
  plot.svg.setAttribute("data-drawing", "flip");
  explain(plot.svg, event => {
    const k = Math.max(1, Math.min(flip.epochs, Math.round(plot.valueAt(event))));
    return `${WORDS.epochAxis} ${k}\n` + flip.runs.map((run, r) => `${names[r]}: ${run.errors[k - 1]}`).join("\n");
  });
  const row = element("div", { class: "row" }, box);
  flip.runs.forEach((run, r) => {
    const figure = element("figure", { class: "run" }, row);
    smallSurface(figure, flip.network, run.weights, flip.patterns, [-0.5, 1.5], 130);
    const caption = element("figcaption", {}, figure);
    element("b", {}, caption, names[r]);
    caption.appendChild(document.createTextNode(`: ${short(run.errors[0])} → ${short(run.errors.at(-1))}`));
    const table = element("table", { class: "numbers" }, figure);
    const head = element("tr", {}, table);
    for (const name of ["x1", "x2", "t", "y"]) element("th", {}, head, name);
    for (const [x1, x2, t, y] of run.table) {
      const line = element("tr", {}, table);
      for (const v of [x1, x2, t]) element("td", {}, line, String(v));
      element("td", { title: String(y) }, line, y.toFixed(3));
    }
  });
}

// bpnn dropout: sin(πx), the training points and each run's curve at the snapshot
function fitCard() {
  const fit = DATA.fit;
  const box = card(WORDS.fitTitle, WITH_WEIGHTS ? WORDS.fitCaption : WORDS.fitCaptionFinal);
  legend(box, [[fit.truth_name, "#999"], ...RUNS.map((run, r) => [run.name, RUN_COLOURS[r + 1]]),
    [WORDS.trainingPoints, "#222", "dot"]]);
  const xs = fit.truth.map(p => p[0]);
  const ys = fit.truth.map(p => p[1]).concat(fit.points.map(p => p[1]));
  const series = [{ colour: "#999", width: 3, points: fit.truth },
    ...RUNS.map((run, r) => ({ colour: RUN_COLOURS[r + 1], width: 2, points: WITH_WEIGHTS ? fit.truth : fit.final[r] })),
    { colour: "#222", dots: true, points: fit.points }];
  const plot = chart(box, series, { width: 520, height: 260, xLabel: "x", yLabel: "y", log: false,
    yRange: [Math.min(...ys) - 0.2, Math.max(...ys) + 0.2] });
  plot.svg.setAttribute("data-drawing", "curve");
  const lines = plot.svg.querySelectorAll("polyline");
  const yAt = (run, weights, x) => forward(run.network, weights, [x]).at(-1)[0];
  if (!WITH_WEIGHTS) return;
  explain(plot.svg, event => {
    const x = Math.max(xs[0], Math.min(xs.at(-1), plot.valueAt(event)));
    return `x = ${x.toFixed(3)}\n${fit.truth_name} = ${short(Math.sin(Math.PI * x))}\n`
      + RUNS.map(run => `${run.name}: ${short(yAt(run, run.snapshots[current].weights, x))}`).join("\n");
  });
  updates.push(s => RUNS.forEach((run, r) => {
    const weights = run.snapshots[s].weights;
    lines[r + 1].setAttribute("points", xs.map(x => {
      const y = Math.max(plot.top - 20, Math.min(plot.bottom + 20, plot.Y(yAt(run, weights, x))));
      return `${plot.X(x).toFixed(2)},${y.toFixed(2)}`;
    }).join(" "));
  }));
}

// ---------------------------------------------------------------- bpnn activations: nothing trains
function activationCards() {
  const data = DATA.activations;
  data.functions.forEach(activationCard);
  softmaxCard(data.softmax);
}

function activationCard(fn) {
  const data = DATA.activations;
  const [low, high] = data.range;
  const sides = [];
  if (fn.saturated_below !== null) sides.push(fn.saturated_below === 0 ? "z ≤ 0" : `z < ${fn.saturated_below.toFixed(3)}`);
  if (fn.saturated_above !== null) sides.push(fn.saturated_above === 0 ? "z ≥ 0" : `z > ${fn.saturated_above.toFixed(3)}`);
  const box = card(fn.name, `${fn.formulas[0]}, ${fn.formulas[1]}. ${WORDS.saturated(data.threshold, sides)}; `
    + `${WORDS.largest(short(fn.largest_derivative), short(fn.largest_from), short(fn.largest_to))}.`, "third");
  const band = "rgb(250,215,170)";
  const bands = [];
  if (fn.saturated_below !== null) bands.push([low, fn.saturated_below, band]);
  if (fn.saturated_above !== null) bands.push([fn.saturated_above, high, band]);
  const shown = fn.points.filter(p => p.z >= low && p.z <= high);
  const plot = chart(box, [
    { name: WORDS.functionName, colour: "#444", width: 2, points: fn.curve.map(([z, y]) => [z, y]) },
    { name: WORDS.derivativeName, colour: css(POSITIVE), width: 2.4, points: fn.curve.map(([z, , d]) => [z, d]) },
    { name: `f' = ${data.threshold}`, colour: css(NEGATIVE), dashed: true, width: 1.4,
      points: [[low, data.threshold], [high, data.threshold]] },
    { colour: css(POSITIVE), dots: true, radius: 3, points: shown.map(p => [p.z, p.derivative]) },
  ], { width: 360, height: 230, xLabel: "z", log: false, clip: true, xRange: [low, high], yRange: [-1.2, 1.2], bands });
  plot.svg.setAttribute("data-drawing", "activation");
  explain(plot.svg, event => {
    const z = plot.valueAt(event);
    const [at, y, d] = nearestPoint(fn.curve, z);
    return `z = ${short(at)}\ny = ${y}\nf'(z) = ${d}`;
  });
}

// a table of numbers coloured orange (negative) to blue (positive), scaled to the largest |value|
function colouredTable(parent, rows, rowNames, columnNames) {
  let largest = 0;
  for (const row of rows) for (const v of row) largest = Math.max(largest, Math.abs(v));
  const table = element("table", { class: "numbers coloured" }, parent);
  const head = element("tr", {}, table);
  for (const name of ["", ...columnNames]) element("th", {}, head, name);
  rows.forEach((row, j) => {
    const line = element("tr", {}, table);
    element("th", {}, line, rowNames[j]);
    for (const v of row) {
      const cell = element("td", { title: String(v) }, line, v.toFixed(6));
      const t = largest ? v / largest : 0;
      cell.style.background = css(shade(t));
      cell.style.color = Math.abs(t) > 0.55 ? "#fff" : "#222";
    }
  });
  return table;
}

function softmaxCard(example) {
  const box = card(WORDS.softmaxTitle, WORDS.softmaxCaption(example.weighted_sums.map(short).join(", "),
    example.outputs.map(y => y.toFixed(6)).join(", ")));
  const table = colouredTable(box, example.jacobian, example.outputs.map((y, j) => `j = ${j + 1} (y = ${y.toFixed(3)})`),
    example.weighted_sums.map((z, k) => `k = ${k + 1} (z = ${short(z)})`));
  table.setAttribute("data-drawing", "jacobian");
  table.querySelectorAll("tr").forEach((line, j) => {
    if (j === 0) element("th", {}, line, WORDS.rowTotal);
    else element("td", { title: String(example.row_totals[j - 1]) }, line, short(example.row_totals[j - 1]));
  });
}

// ---------------------------------------------------------------- bpnn losses: nothing trains
function lossesCards() {
  const data = DATA.losses;
  exampleCard(data.example);
  lossCurvesCard(data.example);
  threePointsCard(data.three_points);
  deltasCard(data.deltas);
}

function exampleCard(example) {
  const box = card(WORDS.exampleTitle, WORDS.exampleCaption, "wide");
  box.setAttribute("data-drawing", "example");
  const table = element("table", { class: "numbers" }, box);
  const head = element("tr", {}, table);
  for (const name of ["", "t", "p", "(t − p)²", "−t log p", "rounded", WORDS.tutorialAdds,
    "−[t log p + (1 − t) log(1 − p)]"]) element("th", {}, head, name);
  const rounded = example.one_hot_terms.map(v => Number(v.toFixed(3)));
  const slipped = example.printed_terms.map((v, k) => Math.abs(v - rounded[k]) > 1e-9);
  example.labels.forEach((t, k) => {
    const line = element("tr", {}, table);
    element("th", {}, line, String(k + 1));
    for (const v of [t, example.predictions[k]]) element("td", {}, line, String(v));
    element("td", { title: String(example.squared_errors[k]) }, line, example.squared_errors[k].toFixed(6));
    element("td", { title: String(example.one_hot_terms[k]) }, line, (example.one_hot_terms[k] + 0).toFixed(6));
    element("td", {}, line, String(rounded[k]));
    element("td", { class: slipped[k] ? "slip" : "" }, line, String(example.printed_terms[k]));
    element("td", { title: String(example.bce_terms[k]) }, line, example.bce_terms[k].toFixed(6));
  });
  const sum = (values, marks, total, style) => {
    const line = element("p", { class: "sum" }, box);
    values.forEach((v, k) => {
      const text = (k === 0 ? (v < 0 ? "−" : "") : (v < 0 ? " − " : " + ")) + String(Math.abs(v));
      element("span", { class: marks[k] ? style : "" }, line, text);
    });
    line.appendChild(document.createTextNode(" = "));
    element("span", { class: style }, line, total);
    return line;
  };
  const printed = sum(example.printed_terms, slipped, String(example.printed_total).replace("-", "−"), "slip");
  printed.prepend(element("b", {}, null, WORDS.printedSum + " "));
  const right = sum(rounded, slipped, example.rounded_total.toFixed(3), "fix");
  right.prepend(element("b", {}, null, WORDS.rightSum + " "));
  right.appendChild(document.createTextNode(` (${WORDS.unrounded} ${example.one_hot_total.toFixed(6)})`));
  element("p", {}, box, WORDS.bceLine(example.bce_total.toFixed(3), example.bce_mean.toFixed(3)) + " "
    + WORDS.mseLine(example.mse.toFixed(6)));
}

function lossCurvesCard(example) {
  const box = card(WORDS.curvesTitle, WORDS.curvesCaption);
  const curves = DATA.curves;
  const dots = example.predictions.map((p, k) => [p, example.bce_terms[k]]);
  const plot = chart(box, [
    { name: "t = 1: −log p", colour: css(POSITIVE), width: 2.4, points: curves.map(c => [c[0], c[1]]) },
    { name: "t = 0: −log(1 − p)", colour: css(NEGATIVE), width: 2.4, points: curves.map(c => [c[0], c[2]]) },
    { name: "(1 − p)²", colour: css(POSITIVE), dashed: true, width: 1.4, points: curves.map(c => [c[0], c[3]]) },
    { name: "p²", colour: css(NEGATIVE), dashed: true, width: 1.4, points: curves.map(c => [c[0], c[4]]) },
    { colour: "#222", dots: true, radius: 4.5, points: dots },
  ], { width: 520, height: 260, xLabel: WORDS.predictionAxis, yLabel: WORDS.exampleLossAxis, log: false, clip: true,
    xRange: [0, 1], yRange: [0, 3] });
  plot.svg.setAttribute("data-drawing", "loss-curves");
  explain(plot.svg, event => {
    const [p, t1, t0, s1, s0] = nearestPoint(curves, plot.valueAt(event));
    return `p = ${p}\nt = 1: −log p = ${short(t1)}, (1 − p)² = ${short(s1)}\nt = 0: −log(1 − p) = ${short(t0)}, `
      + `p² = ${short(s0)}`;
  });
}

function threePointsCard(part) {
  const [w, b] = part.line;
  const box = card(WORDS.threeTitle, WORDS.threeCaption(w, b, part.loss.toFixed(6), short(part.gradient[0]),
    short(part.gradient[1])));
  const xs = Array.from({ length: 61 }, (_, k) => -1.5 + k * 0.05);
  const plot = chart(box, [
    { name: "x³ + x² − x − 1", colour: "#999", width: 2.5, points: xs.map(x => [x, x * x * x + x * x - x - 1]) },
    { name: "f(x)", colour: css(POSITIVE), width: 2.2, points: xs.map(x => [x, w * x + b]) },
    ...part.points.map(([x, y], k) => ({ colour: css(NEGATIVE), width: 3, points: [[x, y], [x, part.predictions[k]]] })),
    { colour: "#222", dots: true, radius: 4.5, points: part.points },
  ], { width: 520, height: 260, xLabel: "x", yLabel: "y", log: false, clip: true, xRange: [-1.5, 1.5], yRange: [-3, 2] });
  explain(plot.svg, part.points.map(([x, y], k) => `x = ${x}: y = ${y}, f(x) = ${part.predictions[k]}, `
    + `(y − f(x))² = ${part.terms[k]}`).join("\n"));
}

function deltasCard(deltas) {
  const box = card(WORDS.deltasTitle, WORDS.deltasCaption, "wide");
  const row = element("div", { class: "row" }, box);
  for (const comparison of deltas) {
    const holder = element("div", {}, row);
    element("div", { class: "label" }, holder, WORDS.deltaHeads[`${comparison.output} ${comparison.loss}`]
      || `${comparison.output}, ${comparison.loss}`);
    const table = element("table", { class: "numbers" }, holder);
    const head = element("tr", {}, table);
    for (const name of WORDS.deltaColumns) element("th", {}, head, name);
    for (const r of comparison.rows) {
      const line = element("tr", {}, table);
      for (const v of [r.output, r.target, r.loss_slope + 0, r.derivative, r.chain_rule, r.library, r.output_minus_target]) {
        element("td", { title: v === null ? "" : String(v) }, line, v === null ? "" : Number.isInteger(v) ? String(v)
          : v.toFixed(6));
      }
    }
  }
}

// ---------------------------------------------------------------- bpnn wired: hand-set weights
function wiredCards() {
  const wired = DATA.wired;
  const unit = ({ weights: [w1, w2], bias }, inputs) => `step(${w1} ${inputs[0]} ${w2 < 0 ? "−" : "+"} ${Math.abs(w2)} `
    + `${inputs[1]} ${bias < 0 ? "−" : "+"} ${Math.abs(bias)})`;
  const units = { nand: unit(wired.units.nand, ["x1", "x2"]), or: unit(wired.units.or, ["x1", "x2"]),
    and: unit(wired.units.and, ["n1", "n2"]) };
  const box = card(WORDS.wiredTitle, WORDS.wiredCaption(units));
  const table = element("table", { class: "numbers" }, box);
  const top = element("tr", {}, table);
  element("th", { colspan: 2 }, top, "");
  element("th", { colspan: 3 }, top, RUNS[0].name);
  element("th", { colspan: 3 }, top, RUNS[1].name);
  element("th", {}, top, "");
  const head = element("tr", {}, table);
  for (const name of ["x1", "x2", "n1", "n2", "y", "n1", "n2", "y", "XOR"]) element("th", {}, head, name);
  wired.step.forEach((stepRow, k) => {
    const sigmoidRow = wired.sigmoid[k];
    const line = element("tr", {}, table);
    for (const v of stepRow.inputs) element("td", {}, line, String(v));
    for (const row of [stepRow, sigmoidRow]) {
      for (const v of [row.n1, row.n2]) element("td", { title: String(v) }, line, Number.isInteger(v) ? String(v) : v.toFixed(6));
      const right = (row.output >= 0.5) === (row.target >= 0.5);
      element("td", { class: right ? "right" : "wrong", title: String(row.output) }, line,
        (Number.isInteger(row.output) ? String(row.output) : row.output.toFixed(6)) + (right ? " ✓" : " ✗"));
    }
    element("td", {}, line, String(stepRow.target));
  });
  matricesCard(wired.batch);
}

function matricesCard(batch) {
  const box = card(WORDS.matricesTitle, WORDS.matricesCaption, "wide");
  const shapeOf = name => batch.shapes[name].join("×");
  const matrix = (parent, name, label) => {
    const figure = element("figure", { class: "matrix" }, parent);
    element("div", { class: "label" }, figure, label);
    const rows = Array.isArray(batch[name][0]) ? batch[name] : [batch[name]];
    const table = element("table", { class: "numbers" }, figure);
    for (const row of rows) {
      const line = element("tr", {}, table);
      for (const v of row) element("td", { title: String(v) }, line, Number.isInteger(v) ? String(v) : v.toFixed(4));
    }
    element("figcaption", {}, figure, shapeOf(name));
  };
  const operator = (parent, text) => element("div", { class: "operator" }, parent, text);
  // one row per layer: inputs · weights + bias = sums → σ → outputs
  const layers = [["inputs", "X", "hidden_weights", "W1", "hidden_bias", "b1", "hidden_sums", "Z1", "hidden_outputs", "N"],
                  ["hidden_outputs", "N", "output_weights", "W2", "output_bias", "b2", "output_sums", "Z2", "outputs", "Y"]];
  layers.forEach((names, l) => {
    const row = element("div", l === 0 ? { class: "row matrices", "data-drawing": "matrices" } : { class: "row matrices" }, box);
    ["·", "+", "=", "→ σ →", null].forEach((between, k) => {
      matrix(row, names[2 * k], names[2 * k + 1]);
      if (between !== null) operator(row, between);
    });
  });
  element("p", { class: "caption" }, box, WORDS.sameAsLoops(batch.same_as_loops));
}

// a page with one snapshot (bpnn wired) or none (activations, losses): no slider, each drawing drawn once
function still() {
  document.getElementById("controls").style.display = "none";
  current = 0;
  showSnapshot = () => { for (const update of updates) update(0); };
  showSnapshot(0);
}

// ---------------------------------------------------------------- the controls
let showSnapshot = null;   // controls() sets it: show snapshot s everywhere
let current = DATA.stages ? 0 : SNAPSHOTS.length - 1;    // a run opens on the trained network, a trace at its start
let timer = null;

function controls() {
  const bar = document.getElementById("controls");
  const back = element("button", { type: "button", title: tr("previous snapshot (←)") }, bar, "◀");
  const play = element("button", { type: "button", title: tr("play or pause (space)") }, bar, tr("▶ play"));
  const next = element("button", { type: "button", title: tr("next snapshot (→)") }, bar, "▶|");
  const slider = element("input", { type: "range", min: 0, max: SNAPSHOTS.length - 1, value: current,
    "aria-label": tr("snapshot") }, bar);
  const where = element("span", { class: "where" }, bar);
  const show = showSnapshot = s => {
    current = Math.max(0, Math.min(SNAPSHOTS.length - 1, s));
    slider.value = current;
    const epoch = SNAPSHOTS[current].epoch * EPOCH_SCALE;
    const values = { stage: current + 1, stages: DATA.stages ? DATA.stages.length : 0, name: DATA.epoch_name, epoch,
      snapshot: current + 1, snapshots: SNAPSHOTS.length };
    where.textContent = DATA.stages ? tr("stage {stage} of {stages}: ", values) + DATA.stages[current]
      : epoch === 0 ? tr("{name} {epoch} (the initial weights) · snapshot {snapshot} of {snapshots}", values)
        : tr("{name} {epoch} · snapshot {snapshot} of {snapshots}", values);
    for (const update of updates) update(current);
  };
  const stop = () => { clearInterval(timer); timer = null; play.textContent = tr("▶ play"); };
  const start = () => {
    if (current === SNAPSHOTS.length - 1) show(0);
    play.textContent = tr("❚❚ pause");
    timer = setInterval(() => {
      if (current >= SNAPSHOTS.length - 1) stop();
      else show(current + 1);
    }, DATA.stages ? 1500 : Math.max(60, Math.min(400, 8000 / SNAPSHOTS.length)));
  };
  play.addEventListener("click", event => { event.stopPropagation(); if (timer) stop(); else start(); });
  back.addEventListener("click", event => { event.stopPropagation(); stop(); show(current - 1); });
  next.addEventListener("click", event => { event.stopPropagation(); stop(); show(current + 1); });
  slider.addEventListener("input", () => { stop(); show(Number(slider.value)); });
  document.addEventListener("keydown", event => {
    if (event.target.tagName === "INPUT" && event.key !== " ") return;
    if (event.key === "ArrowLeft") { stop(); show(current - 1); }
    else if (event.key === "ArrowRight") { stop(); show(current + 1); }
    else if (event.key === " ") { event.preventDefault(); if (timer) stop(); else start(); }
  });
  show(current);
}

// ---------------------------------------------------------------- the page: what the data holds decides what is drawn
function build() {
  if (DATA.trace) {
    traceCard();
    traceEquationCard();
  } else if (DATA.activations) {
    activationCards();
  } else if (DATA.losses) {
    lossesCards();
  } else {
    drawRun();
  }
  if (SNAPSHOTS.length > 1 || DATA.stages) controls();
  else still();
  document.body.setAttribute("data-drawn", String(SNAPSHOTS.length));
  document.body.setAttribute("data-layout", JSON.stringify(layout()));
  if (location.hash === "#check") check();
}

// page.html#check: a dozen snapshots from first to last shown, and at each every hover text computed once;
// an error lands in the page
function check() {
  const away = { clientX: 0, clientY: 0 };
  const count = Math.max(1, Math.min(SNAPSHOTS.length, 12));
  let computed = 0;
  for (let k = 0; k < count; k++) {
    showSnapshot(count === 1 ? 0 : Math.round(k * (SNAPSHOTS.length - 1) / (count - 1)));
    for (const text of explanations) {
      if (typeof text === "function") text(away);
      computed += 1;
    }
  }
  document.body.setAttribute("data-checked", String(computed));
  document.body.setAttribute("data-hangul", hangulDrawn() ? "drawn" : "boxes");
}

// whether this page's font draws Hangul: real glyphs differ from one another and from the box drawn
// for a character no font has (U+E000, a private-use code point), while missing glyphs are all the same box
function hangulDrawn() {
  const family = getComputedStyle(document.body).fontFamily;
  const pixels = text => {
    const canvas = document.createElement("canvas");
    canvas.width = 40;
    canvas.height = 40;
    const context = canvas.getContext("2d");
    context.font = "30px " + family;
    context.fillText(text, 2, 30);
    return Array.from(context.getImageData(0, 0, 40, 40).data).join(",");
  };
  const ga = pixels("가"), na = pixels("나"), missing = pixels("\ue000");
  return ga !== na && ga !== missing && na !== missing;
}

function drawRun() {
  RUNS.forEach(run => networkCard(run));
  if (hasPlane()) {
    const size = RUNS.length > 3 ? 210 : RUNS.length > 1 ? 220 : 280;
    RUNS.forEach((run, r) => surfaceCard(run, r, size));
  }
  if (DATA.descent) descentLossCard();
  else lossCard();
  if (DATA.fit) fitCard();
  if (DATA.wired) wiredCards();
  else truthTableCard();
  gradientCard();
  if (hasPlane() && !DATA.wired) RUNS.forEach((run, r) => neuronCard(run, r));
  if (DATA.curve && WITH_WEIGHTS) curveCard();
  if (DATA.classes) classCards();
  if (DATA.sign_flipped) signFlipCard();
}

// where the main drawings are on the page, in CSS pixels from its top left corner: the tests compare
// the colours of a screenshot there
function layout() {
  const where = {};
  const place = (name, selector) => {
    const found = document.querySelector(selector);
    if (!found) return;
    const box = found.getBoundingClientRect();
    where[name] = [box.left + window.scrollX, box.top + window.scrollY, box.width, box.height];
  };
  place("network", "[data-drawing=network]");
  place("surface", "[data-drawing=surface]");
  place("loss", "[data-drawing=loss]");
  place("curve", "[data-drawing=curve]");
  place("confusion", "[data-drawing=confusion]");
  for (const name of ["updates", "flip", "activation", "jacobian", "example", "loss-curves", "matrices"]) {
    place(name, `[data-drawing=${name}]`);
  }
  return where;
}

build();
