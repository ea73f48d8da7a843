// Command loadgen measures the API's latency under load: it sends filtered
// event queries and aggregates, drawn at random from values the synthetic
// data of sqlite/sqlitetest has, from concurrent clients for a while, and
// prints p50, p95 and p99 per kind of request.
//
//	go run ./sqlite/sqlitetest/gendb -db /tmp/1m.db -events 1000000
//	go run ./cmd/sitrep serve --db /tmp/1m.db --addr 127.0.0.1:8090 &
//	go run ./http/loadgen -url http://127.0.0.1:8090 -c 8 -d 30s
package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"time"
)

var (
	types     = []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
	countries = []string{"PAK", "AFG", "UKR", "RUS", "IND", "NGA", "SDN", "COL", "PSE", "MMR", "USA"}
	codes     = []string{"PAKMIL", "PAKREB", "PAKGOV", "AFGGOV", "RUSGOV", "UKRMIL", "INDCOP", "IGOUNO", "NGAMIL", "NGAREB", "SDNCVL", "SDNMIL"}
	sectors   = []string{"GOV", "MIL", "REB", "COP", "CVL"}
	words     = []string{"attacked", "kabul", "talks", "sanctions", "protesters", "peshawar", "aid"}
	realis    = []string{"asserted", "negated", "claimed", "future"}
	aggs      = []string{"day", "week", "type", "actor-pair", "country", "admin1", "place", "realis"}
)

// filter draws one to three filters.
func filter(r *rand.Rand) url.Values {
	q := url.Values{}
	for range 1 + r.IntN(3) {
		switch r.IntN(9) {
		case 0:
			q.Set("type", types[r.IntN(len(types))])
		case 1:
			q.Set("country", countries[r.IntN(len(countries))])
		case 2:
			q.Set("actor", codes[r.IntN(len(codes))])
		case 3:
			q.Set("actor_country", countries[r.IntN(len(countries))])
			q.Set("actor_sector", sectors[r.IntN(len(sectors))])
		case 4:
			from := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(700))
			q.Set("from", from.Format(time.DateOnly))
			q.Set("to", from.AddDate(0, 0, 7+r.IntN(90)).Format(time.DateOnly))
		case 5:
			q.Set("q", words[r.IntN(len(words))])
		case 6:
			q.Set("realis", realis[r.IntN(len(realis))])
		case 7:
			q.Set("min_confidence", fmt.Sprint(0.5+float64(r.IntN(5))/10))
		case 8:
			q.Set("bbox", "60,20,80,40")
		}
	}
	return q
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "server to load")
	conc := flag.Int("c", 8, "concurrent clients")
	dur := flag.Duration("d", 30*time.Second, "how long to run")
	flag.Parse()

	var mu sync.Mutex
	lat := map[string][]time.Duration{}
	errs := 0
	deadline := time.Now().Add(*dur)
	var wg sync.WaitGroup
	for c := range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), 7))
			client := &http.Client{Timeout: 30 * time.Second}
			for time.Now().Before(deadline) {
				q := filter(r)
				kind, path := "events", "/api/events"
				if r.IntN(2) == 0 {
					kind = "aggregate"
					path = "/api/aggregates/" + aggs[r.IntN(len(aggs))]
				}
				start := time.Now()
				resp, err := client.Get(*base + path + "?" + q.Encode())
				ok := err == nil && resp.StatusCode == 200
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				d := time.Since(start)
				mu.Lock()
				if ok {
					lat[kind] = append(lat[kind], d)
					lat["all"] = append(lat["all"], d)
				} else {
					errs++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Printf("%d clients for %s against %s; %d errors\n", *conc, *dur, *base, errs)
	for _, kind := range []string{"events", "aggregate", "all"} {
		l := lat[kind]
		if len(l) == 0 {
			continue
		}
		slices.Sort(l)
		p := func(q float64) time.Duration { return l[min(len(l)-1, int(q*float64(len(l))))] }
		fmt.Printf("%-9s n=%-6d %6.0f req/s  p50 %-9v p95 %-9v p99 %-9v max %v\n", kind, len(l), float64(len(l))/dur.Seconds(),
			p(0.50).Round(10*time.Microsecond), p(0.95).Round(10*time.Microsecond), p(0.99).Round(10*time.Microsecond), l[len(l)-1].Round(10*time.Microsecond))
	}
	if errs > 0 {
		os.Exit(1)
	}
}
