-- wrk script: GET the URL given on the command line and report percentiles as JSON.
done = require("bench_done")
