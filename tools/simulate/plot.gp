# Draws the fleet simulation's IdP load: requests in every simulated second,
# one panel per scenario and token lifetime, the shipped defaults against the
# same fleet with jitter and backoff off. Reads DIR/per_second.csv and
# DIR/summary.csv as written by `simulate --out DIR`.
#
#   gnuplot -e "dir='build/simulation'; png='tools/simulate/fleet.png'" tools/simulate/plot.gp

if (!exists("dir")) dir = "."
if (!exists("png")) png = dir."/fleet.png"
set terminal pngcairo size 1400,1500 font ",9"
set output png
set datafile separator ","
set logscale y
set yrange [0.8:*]
set key top right box opaque
set xlabel "simulated seconds"
set ylabel "IdP requests per second"
set grid ytics

series(l, s, p) = sprintf("< awk -F, '$1==%d && $2==\"%s\" && $3==\"%s\" {print $4\",\"$5}' %s/per_second.csv", l, s, p, dir)
instances = system(sprintf("awk -F, 'NR==2 {print $4}' %s/summary.csv", dir))
rate_limit = real(system(sprintf("awk -F, 'NR==2 {print $18}' %s/summary.csv", dir)))

set multiplot layout 5,2 title sprintf("oauth2cc fleet simulation: %s exporters, one IdP (rate limit %d/s, dashed)", instances, rate_limit)
do for [s in "startup steady outage 429 401-wave"] {
  do for [l in "300 3600"] {
    set title sprintf("%s, %s tokens", s, l eq "300" ? "5-minute" : "1-hour")
    plot series(l+0, s, "no-jitter-no-backoff") using 1:2 with steps lc rgb "#d62728" title "jitter and backoff off", \
         series(l+0, s, "defaults") using 1:2 with steps lc rgb "#1f77b4" title "shipped defaults", \
         rate_limit with lines dt 2 lc rgb "#555555" notitle
  }
}
unset multiplot
