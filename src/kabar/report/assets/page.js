// The page's behaviour: render the chart (Vega-Embed, bundled into the page above) and make the
// events table follow the chart's filters (attacker, weapon class, the brushed date range).
// A link can preset the selects: index.html#attacker=UA&weapon=drone.
const spec = JSON.parse(document.getElementById("kabar-spec").textContent);
const rows = Array.from(document.querySelectorAll("#events tbody tr"));

function dayOf(value) {
  // a brush end as "YYYY-MM-DD" (UTC): Vega gives Dates or epoch milliseconds
  return new Date(value).toISOString().slice(0, 10);
}

function inRange(date, brush) {
  const range = brush && brush.date;
  if (!range || range.length !== 2) return true;   // no date range chosen
  if (!date) return false;
  const [a, b] = range.map(dayOf).sort();
  return a <= date && date <= b;
}

function follow(view) {
  const attacker = view.signal("attacker"), weapon = view.signal("weapon"), brush = view.signal("brush");
  let shown = 0;
  for (const row of rows) {
    const keep = (attacker === "all" || row.dataset.attacker === attacker)
      && (weapon === "all" || row.dataset.weapon === weapon) && inRange(row.dataset.date, brush);
    row.hidden = !keep;
    shown += keep ? 1 : 0;
  }
  document.getElementById("events-shown").textContent = shown;
}

async function preset(view) {
  // the filters named in the page's #fragment, when they are choices of the selects
  const wanted = new URLSearchParams(window.location.hash.slice(1));
  for (const name of ["attacker", "weapon"]) {
    const value = wanted.get(name);
    const select = document.querySelector(`#charts select[name="${name}"]`);
    if (value && select && Array.from(select.options).some((o) => o.value === value)) {
      view.signal(name, value);
      select.value = value;
    }
  }
  await view.runAsync();
}

try {
  const result = await window.vegaEmbed("#charts", spec, { renderer: "svg", actions: false });
  const view = result.view;
  await preset(view);
  for (const name of ["attacker", "weapon", "brush"]) view.addSignalListener(name, () => follow(view));
  follow(view);
  document.body.dataset.rendered = "yes";
} catch (error) {
  const box = document.getElementById("charts-error");
  box.hidden = false;
  box.textContent = "The chart could not be drawn: " + error;
  document.body.dataset.rendered = "error";
}
