#include "web/number_line.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "web/escape.h"

namespace newsintel {
namespace web {

namespace {

// Plot geometry, in SVG user units.
constexpr double kWidth = 640;
constexpr double kLabelRight = 150;  // labels end here
constexpr double kPlotLeft = 175;
constexpr double kPlotRight = 615;
constexpr double kTop = 14;
constexpr double kRow = 34;
constexpr double kAxisSpace = 42;

// Two decimals are enough for coordinates.
std::string Coord(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

struct Scale {
  double divisor;
  const char* fr;
  const char* en;
};

const Scale& ScaleFor(double v) {
  static const Scale kScales[] = {{1e12, "Md", "T"}, {1e9, "Md", "B"}, {1e6, "M", "M"}, {1e3, "k", "K"}, {1, "", ""}};
  double a = std::fabs(v);
  for (const Scale& s : kScales) {
    if (a >= s.divisor) return s;
  }
  return kScales[4];
}

}  // namespace

std::string FormatNumber(double v, const std::string& lang, int max_decimals) {
  if (!std::isfinite(v)) return "?";
  bool fr = lang != "en";
  if (std::fabs(v) >= 1e18) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.4g", v);
    return buf;
  }
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", std::max(0, std::min(max_decimals, 9)), std::fabs(v));
  std::string digits = buf;
  std::string frac;
  size_t dot = digits.find('.');
  if (dot != std::string::npos) {
    frac = digits.substr(dot + 1);
    digits.resize(dot);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  }
  std::string out;
  bool negative = v < 0 && (digits != "0" || !frac.empty());
  if (negative) out += "-";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += fr ? "\u202f" : ",";
    out += digits[i];
  }
  if (!frac.empty()) out += (fr ? "," : ".") + frac;
  return out;
}

std::string FormatCompact(double v, const std::string& lang, int decimals) {
  bool fr = lang != "en";
  const Scale& s = ScaleFor(v);
  // French has no single word for 10^12: "1 000 Md".
  double divisor = fr && s.divisor == 1e12 ? 1e9 : s.divisor;
  std::string n = FormatNumber(v / divisor, lang, decimals < 0 ? 3 : decimals);
  if (decimals > 0) {
    // Keep the requested decimals so that tick labels line up.
    std::string sep = fr ? "," : ".";
    size_t pos = n.find(sep);
    size_t have = pos == std::string::npos ? 0 : n.size() - pos - 1;
    if (pos == std::string::npos) n += sep;
    n.append(static_cast<size_t>(decimals) - std::min<size_t>(have, decimals), '0');
  }
  const char* suffix = fr ? s.fr : s.en;
  if (*suffix == '\0') return n;
  return n + (fr ? "\u00a0" : "") + suffix;
}

std::vector<double> NiceTicks(double lo, double hi, int target, double* step_out) {
  double raw = (hi - lo) / std::max(1, target - 1);
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power * 10;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (power * m >= raw) {
      step = power * m;
      break;
    }
  }
  std::vector<double> ticks;
  double first = std::ceil(lo / step - 1e-9) * step;
  for (int i = 0; i < 100; ++i) {
    double t = first + i * step;
    if (t > hi + step * 1e-9) break;
    if (std::fabs(t) < step * 1e-9) t = 0;
    ticks.push_back(t);
  }
  if (step_out != nullptr) *step_out = step;
  return ticks;
}

std::string NumberLineSvg(const std::vector<NumberLinePoint>& points, const std::string& lang,
                          const std::string& title) {
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  double agree_lo = -HUGE_VAL, agree_hi = HUGE_VAL;  // where every bar overlaps
  for (const NumberLinePoint& p : points) {
    double half = std::max(0.0, p.precision) / 2;
    lo = std::min(lo, p.value - half);
    hi = std::max(hi, p.value + half);
    agree_lo = std::max(agree_lo, p.value - half);
    agree_hi = std::min(agree_hi, p.value + half);
  }
  if (!(lo < hi)) {
    double pad = std::max(std::fabs(lo) * 0.05, 1.0);
    lo -= pad;
    hi += pad;
  }
  double pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  double step = 0;
  std::vector<double> ticks = NiceTicks(lo, hi, 5, &step);
  auto x = [&](double v) { return kPlotLeft + (v - lo) / (hi - lo) * (kPlotRight - kPlotLeft); };
  double rows_height = kRow * points.size();
  double height = kTop + rows_height + kAxisSpace;

  std::string s;
  s += "<svg class=\"nl\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + Coord(kWidth) + " " + Coord(height) +
       "\" role=\"img\"><title>";
  AppendHtml(title, &s);
  s += "</title>";
  if (agree_lo <= agree_hi) {
    double x0 = x(agree_lo), x1 = x(agree_hi);
    if (x1 - x0 < 2) {
      x0 -= 1;
      x1 += 1;
    }
    s += "<rect class=\"nl-agree\" x=\"" + Coord(x0) + "\" y=\"" + Coord(kTop - 6) + "\" width=\"" +
         Coord(x1 - x0) + "\" height=\"" + Coord(rows_height + 6) + "\"/>";
  }
  double axis_y = kTop + rows_height + 6;
  // Decimals the tick labels need at this step.
  double tick_scale = ScaleFor(std::max(std::fabs(ticks.empty() ? hi : ticks.back()), std::fabs(lo))).divisor;
  if (lang != "en" && tick_scale == 1e12) tick_scale = 1e9;
  int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step / tick_scale) - 1e-9)));
  for (double t : ticks) {
    std::string tx = Coord(x(t));
    s += "<line class=\"nl-grid\" x1=\"" + tx + "\" x2=\"" + tx + "\" y1=\"" + Coord(kTop - 6) + "\" y2=\"" +
         Coord(axis_y + 5) + "\"/>";
    s += "<text class=\"nl-tick\" x=\"" + tx + "\" y=\"" + Coord(axis_y + 20) + "\" text-anchor=\"middle\">";
    // Ticks use the scale of the largest one so that they read as one series.
    std::string label = FormatNumber(t / tick_scale, lang, decimals);
    const Scale& sc = ScaleFor(tick_scale);
    const char* suffix = lang != "en" ? sc.fr : sc.en;
    if (*suffix && t != 0) label += std::string(lang != "en" ? "\u00a0" : "") + suffix;
    AppendHtml(label, &s);
    s += "</text>";
  }
  s += "<line class=\"nl-axis\" x1=\"" + Coord(kPlotLeft - 10) + "\" x2=\"" + Coord(kPlotRight + 10) + "\" y1=\"" +
       Coord(axis_y) + "\" y2=\"" + Coord(axis_y) + "\"/>";
  for (size_t i = 0; i < points.size(); ++i) {
    const NumberLinePoint& p = points[i];
    double y = kTop + kRow * i + kRow / 2;
    std::string ys = Coord(y);
    s += "<g class=\"nl-row\"><text class=\"nl-label\" x=\"" + Coord(kLabelRight) + "\" y=\"" + Coord(y + 4) +
         "\" text-anchor=\"end\">";
    AppendHtml(Shorten(p.label, 22), &s);
    s += "</text>";
    double half = std::max(0.0, p.precision) / 2;
    if (half > 0) {
      std::string a = Coord(x(p.value - half)), b = Coord(x(p.value + half));
      s += "<line class=\"nl-bar\" x1=\"" + a + "\" x2=\"" + b + "\" y1=\"" + ys + "\" y2=\"" + ys + "\"/>";
      for (const std::string& e : {a, b}) {
        s += "<line class=\"nl-cap\" x1=\"" + e + "\" x2=\"" + e + "\" y1=\"" + Coord(y - 6) + "\" y2=\"" +
             Coord(y + 6) + "\"/>";
      }
    }
    std::string cx = Coord(x(p.value));
    s += "<circle class=\"nl-dot\" cx=\"" + cx + "\" cy=\"" + ys + "\" r=\"5\"/>";
    s += "<text class=\"nl-value\" x=\"" + cx + "\" y=\"" + Coord(y - 10) + "\" text-anchor=\"middle\">";
    AppendHtml(Shorten(p.value_text, 24), &s);
    s += "</text></g>";
  }
  s += "</svg>";
  return s;
}

}  // namespace web
}  // namespace newsintel
