"""The bundled example: the incident of test/fixtures/incidents/f02-itinerary-render-cache-leak
(made up for this project), written here without its expected.json, and its messages one per line
in ../itinerary-render-cache-leak.log for `incidentiq patterns`.

    python3 examples/itinerary-render-cache-leak/gen.py
"""

import json
import os
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "..", "test", "fixtures", "incidents", "f02-itinerary-render-cache-leak", "gen.py")

sys.argv = [SOURCE, HERE]
runpy.run_path(SOURCE, run_name="__main__")
os.remove(os.path.join(HERE, "expected.json"))
with open(os.path.join(HERE, "logs.jsonl")) as src, open(os.path.join(HERE, "..", "itinerary-render-cache-leak.log"), "w") as out:
    for line in src:
        out.write(" ".join(json.loads(line)["message"].split()) + "\n")
