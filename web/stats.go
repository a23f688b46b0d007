package web

import (
	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/render"
)

// statsJSONOf is the stats in the form "hindsight stats --format json"
// writes (schema hindsight.stats/v1), for GET /api/v1/stats.
func statsJSONOf(st *hindsight.Stats, f hindsight.StatsFilter) render.StatsJSON {
	return render.StatsOf(st, f)
}
