// The live dashboard: metrics charts from sys.metrics, a topic explorer with live tail and publish form, and the
// handshake inspector, all over one connection made with the public client library.
import { connect } from "./switchboard.js";

const TOKEN_KEY = "switchboard.token";
const THEME_KEY = "switchboard.theme";
const METRICS_TOPIC = "sys.metrics";
const CHART_POINTS = 120;
const TAIL_LIMIT = 200;
const TOPIC_REFRESH_MS = 2000;

const $ = (id) => document.getElementById(id);

/** The token from the start-up URL moves into sessionStorage and out of the address bar (and history). */
function takeToken() {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete("token");
    history.replaceState(null, "", url);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const token = takeToken();
const sb = connect(undefined, { token });

// -- theme ----------------------------------------------------------------------------------------------------

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  $("theme").setAttribute("aria-pressed", String(theme === "dark"));
  $("theme").textContent = theme === "dark" ? "Light theme" : "Dark theme";
  charts.forEach((chart) => chart.redrawWithTheme());
}

function initialTheme() {
  return localStorage.getItem(THEME_KEY) || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
}

$("theme").addEventListener("click", () => {
  const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
  localStorage.setItem(THEME_KEY, next);
  applyTheme(next);
});

// -- connection state ---------------------------------------------------------------------------------------

const STATE_LABELS = {
  connecting: "Connecting…", connected: "Connected", reconnecting: "Reconnecting…",
  recovered: "Connected · recovered", lost: "Connected · history lost, reloaded", closed: "Disconnected",
};

function showState(state) {
  $("connection").dataset.state = state;
  $("connection").textContent = STATE_LABELS[state];
}

let hadOutage = false;

sb.on("state", showState);
sb.on("reconnecting", ({ delay }) => {
  hadOutage = true;
  $("connection").textContent = `Reconnecting in ${(delay / 1000).toFixed(1)} s…`;
});
// Subscribing with `since` after loading history also recovers; only a recovery after an outage is news.
sb.on("recovered", () => {
  if (hadOutage) showState("recovered");
});
sb.on("lost", ({ topic }) => {
  showState("lost");
  if (topic === tail.topic) openTail(topic);
});
sb.on("close", ({ code, reason }) => {
  if (code === 1008) notice(`The server ended the session: ${reason || "policy"}. Reload with a valid token.`);
});

function notice(text) {
  $("notice").textContent = text;
  $("notice").hidden = !text;
}

const TRANSPORT_LABELS = { websocket: "WebSocket", sse: "Server-Sent Events" };

function showTransport(transport) {
  $("transport").dataset.transport = transport;
  $("transport").textContent = TRANSPORT_LABELS[transport];
}

sb.on("transport", showTransport);

function showIdentity(welcome) {
  $("identity").textContent = `${welcome.user ? "Signed in as " + welcome.user : "Anonymous"} · session ${welcome.session}`;
  $("identity").dataset.session = welcome.session;
}

sb.on("session", showIdentity);

sb.on("open", (welcome) => {
  showTransport(sb.transport);
  showIdentity(welcome);
  $("version").textContent = welcome.server.version;
  showHandshake(welcome.handshake);
  startMetrics();
});

// -- handshake inspector ------------------------------------------------------------------------------------

function showHandshake(handshake) {
  if (!handshake) {
    $("hs-request").textContent = "No WebSocket handshake: this network did not let the upgrade through, so the"
      + " page reads GET /api/stream (Server-Sent Events) and publishes with POST /api/topics/{topic}/messages.";
    $("hs-response").textContent = "HTTP/1.1 200 OK\nContent-Type: text/event-stream";
    return;
  }
  const { request, response } = handshake;
  const headers = (map) => Object.entries(map).map(([name, value]) => `${name}: ${value}`).join("\n");
  $("hs-request").textContent = `${request.method} ${request.path} HTTP/1.1\n${headers(request.headers)}`;
  $("hs-response").textContent = `HTTP/1.1 ${response.status} Switching Protocols\n${headers(response.headers)}`;
}

// -- live metrics -------------------------------------------------------------------------------------------

class Chart {
  constructor(element, series) {
    this.element = element;
    this.series = series;
    this.data = [[], ...series.map(() => [])];
    this.plot = null;
  }

  add(time, values) {
    this.data[0].push(time);
    values.forEach((value, i) => this.data[i + 1].push(value));
    if (this.data[0].length > CHART_POINTS) this.data.forEach((column) => column.shift());
    this.element.dataset.points = String(this.data[0].length);
    if (!globalThis.uPlot) return;
    if (!this.plot) this.create();
    else this.plot.setData(this.data);
  }

  create() {
    const style = getComputedStyle(document.documentElement);
    const color = (name) => style.getPropertyValue(name).trim();
    const axis = { stroke: color("--muted"), grid: { stroke: color("--border") }, ticks: { stroke: color("--border") } };
    this.plot = new uPlot({
      width: Math.max(280, this.element.clientWidth),
      height: 220,
      series: [{}, ...this.series.map((label, i) => ({ label, stroke: color(`--series-${i + 1}`), width: 2 }))],
      axes: [axis, axis],
      legend: { live: false },
    }, this.data, this.element);
  }

  redrawWithTheme() {
    if (this.plot) {
      this.plot.destroy();
      this.plot = null;
      this.element.textContent = "";
      this.create();
    }
  }

  resize() {
    if (this.plot) this.plot.setSize({ width: Math.max(280, this.element.clientWidth), height: 220 });
  }
}

const rateChart = new Chart($("chart-rate"), ["published/s", "delivered/s"]);
const loadChart = new Chart($("chart-load"), ["connections", "subscriptions"]);
const charts = [rateChart, loadChart];
addEventListener("resize", () => charts.forEach((chart) => chart.resize()));

function showSample(message) {
  const m = message.data;
  const time = Date.parse(message.time) / 1000;
  $("m-connections").textContent = m.connections;
  $("m-subscriptions").textContent = m.subscriptions;
  $("m-topics").textContent = m.topics;
  $("m-published").textContent = m.publishedPerSecond;
  $("m-delivered").textContent = m.deliveredPerSecond;
  $("m-heap").textContent = `${Math.round(m.heapUsedBytes / 1048576)} MiB`;
  rateChart.add(time, [m.publishedPerSecond, m.deliveredPerSecond]);
  loadChart.add(time, [m.connections, m.subscriptions]);
}

let metricsStarted = false;

/** Backfills the charts from retained history, then follows live from there without a gap. */
async function startMetrics() {
  if (metricsStarted) return;
  metricsStarted = true;
  try {
    const history = await sb.history(METRICS_TOPIC, { limit: CHART_POINTS });
    history.messages.forEach(showSample);
    const last = history.messages[history.messages.length - 1];
    const since = last ? { offset: last.offset, epoch: last.epoch } : undefined;
    sb.subscribe(METRICS_TOPIC, (data, message) => showSample(message), { since });
  } catch (error) {
    metricsStarted = false;
    if (error.code === "unauthorized" || error.code === "forbidden") {
      notice("Live metrics need a token that may read sys.metrics. Open the admin URL the server printed at start-up "
        + "(…/?token=…); as an anonymous visitor you see public topics only.");
    }
  }
}

// -- topic explorer -----------------------------------------------------------------------------------------

let topics = [];

function authHeaders() {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function refreshTopics() {
  try {
    const response = await fetch("api/topics", { headers: authHeaders() });
    if (response.ok) {
      topics = await response.json();
      renderTopics();
    }
  } catch {
    // offline for a moment: the next refresh will tell
  }
}

function renderTopics() {
  const filter = $("topic-filter").value.trim().toLowerCase();
  const rows = topics.filter((t) => t.topic.toLowerCase().includes(filter)).map((t) => {
    const row = document.createElement("tr");
    if (t.topic === tail.topic) row.setAttribute("aria-current", "true");
    const name = document.createElement("td");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = t.topic;
    button.addEventListener("click", () => openTail(t.topic));
    name.append(button);
    row.append(name, ...[t.subscribers, t.offset, t.retained].map((value) => {
      const cell = document.createElement("td");
      cell.textContent = value;
      return cell;
    }));
    return row;
  });
  $("topics").tBodies[0].replaceChildren(...rows);
  $("topics-empty").hidden = topics.length > 0;
}

$("topic-filter").addEventListener("input", renderTopics);
$("open-topic").addEventListener("submit", (event) => {
  event.preventDefault();
  openTail($("open-topic-name").value.trim());
});

// -- live tail ----------------------------------------------------------------------------------------------

const tail = { topic: null, unsubscribe: null };

function appendMessage(message) {
  const item = document.createElement("li");
  const offset = document.createElement("span");
  offset.className = "offset";
  offset.textContent = `#${message.offset}`;
  const time = document.createElement("time");
  time.dateTime = message.time;
  time.textContent = new Date(message.time).toLocaleTimeString();
  const data = document.createElement("code");
  data.textContent = JSON.stringify(message.data);
  item.append(offset, time, data);
  item.dataset.offset = message.offset;
  const list = $("tail-messages");
  list.append(item);
  while (list.children.length > TAIL_LIMIT) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

async function openTail(topic) {
  if (!topic) return;
  if (tail.unsubscribe) tail.unsubscribe();
  tail.topic = topic;
  tail.unsubscribe = null;
  $("tail").hidden = false;
  $("tail-topic").textContent = topic;
  $("tail-messages").replaceChildren();
  $("publish-error").textContent = "";
  renderTopics();
  try {
    const history = await sb.history(topic, { limit: 50 });
    if (tail.topic !== topic) return;
    history.messages.forEach(appendMessage);
    const last = history.messages[history.messages.length - 1];
    const since = last ? { offset: last.offset, epoch: last.epoch } : undefined;
    tail.unsubscribe = sb.subscribe(topic, (data, message) => appendMessage(message), { since, presence: true });
    showPresence(topic);
  } catch (error) {
    $("tail-presence").textContent = `Cannot read ${topic}: ${error.message}`;
  }
}

async function showPresence(topic) {
  try {
    const presence = await sb.presence(topic);
    if (tail.topic !== topic) return;
    const names = presence.clients.map((c) => c.user || `anonymous (${c.session})`);
    $("tail-presence").textContent = `${presence.count} subscriber${presence.count === 1 ? "" : "s"}: ${names.join(", ")}`;
  } catch (error) {
    $("tail-presence").textContent = error.message;
  }
}

sb.on("presence", (event) => {
  if (event.topic === tail.topic) showPresence(event.topic);
});

$("publish-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const field = $("publish-data");
  const error = $("publish-error");
  let data;
  try {
    data = JSON.parse(field.value);
  } catch (parseError) {
    field.setAttribute("aria-invalid", "true");
    error.textContent = `Not valid JSON: ${parseError.message}`;
    return;
  }
  field.removeAttribute("aria-invalid");
  error.textContent = "";
  try {
    const ack = await sb.publish(tail.topic, data);
    $("publish-result").textContent = `Published as #${ack.offset}`;
  } catch (publishError) {
    error.textContent = `${publishError.code}: ${publishError.message}`;
  }
});

applyTheme(initialTheme());
refreshTopics();
setInterval(refreshTopics, TOPIC_REFRESH_MS);
