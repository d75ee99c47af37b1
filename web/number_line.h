// Numbers for people, and the SVG number line of a contradiction.
//
//   std::vector<NumberLinePoint> pts = {{"Outlet A", 2780000, 10000, "2,78 M"},
//                                       {"Outlet B", 2800000, 100000, "2,8 M"}};
//   std::string svg = NumberLineSvg(pts, "fr", "training compute");
//
// Every point is drawn at its value with an error bar over
// [value - precision/2, value + precision/2]: the values its stated digits
// allow. Overlapping bars mean rounding; disjoint bars mean a conflict.
#ifndef NEWSINTEL_WEB_NUMBER_LINE_H_
#define NEWSINTEL_WEB_NUMBER_LINE_H_

#include <string>
#include <vector>

namespace newsintel {
namespace web {

struct NumberLinePoint {
  std::string label;       // who reported it (escaped by NumberLineSvg)
  double value = 0;
  double precision = 0;    // unit of the last stated digit; 0: exact
  std::string value_text;  // as written, shown above the dot
};

// An inline <svg> element (no script, no style attribute: classes nl-*).
// REQUIRES: !points.empty()
std::string NumberLineSvg(const std::vector<NumberLinePoint>& points, const std::string& lang,
                          const std::string& title);

// `v` with digit grouping and at most `max_decimals` decimals, trailing zeros
// dropped: fr "2 780 000,5" (narrow no-break spaces), en "2,780,000.5".
std::string FormatNumber(double v, const std::string& lang, int max_decimals = 3);

// `v` with a magnitude suffix: fr "2,78 M", "1 000 Md"; en "2.78M", "1T".
// `decimals` < 0: up to 3, trailing zeros dropped.
std::string FormatCompact(double v, const std::string& lang, int decimals = -1);

// Round tick values covering [lo, hi], about `target` of them, at steps of
// 1, 2, 2.5 or 5 times a power of ten. REQUIRES: lo < hi, target >= 2.
std::vector<double> NiceTicks(double lo, double hi, int target, double* step);

}  // namespace web
}  // namespace newsintel

#endif  // NEWSINTEL_WEB_NUMBER_LINE_H_
