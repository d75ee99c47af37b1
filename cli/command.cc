#include "cli/command.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <ostream>

namespace newsintel {
namespace cli {

Result<Args> Args::Parse(int argc, char** argv, int first, const std::vector<FlagSpec>& flags) {
  Args args;
  bool flags_done = false;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (flags_done || arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      if (arg == "--") { flags_done = true; continue; }
      args.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_inline_value = false;
    size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_inline_value = true;
    }
    auto spec = std::find_if(flags.begin(), flags.end(),
                             [&name](const FlagSpec& f) { return name == f.name; });
    if (spec == flags.end()) return Status::InvalidArgument("unknown flag --" + name);
    if (spec->takes_value && !has_inline_value) {
      if (i + 1 >= argc) return Status::InvalidArgument("flag --" + name + " needs a value");
      value = argv[++i];
    } else if (!spec->takes_value && has_inline_value) {
      return Status::InvalidArgument("flag --" + name + " takes no value");
    }
    args.values_[name].push_back(value);
  }
  return args;
}

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() || it->second.empty() ? fallback : it->second.back();
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>() : it->second;
}

Result<long> Args::GetInt(const std::string& name, long fallback) const {
  if (!Has(name)) return fallback;
  std::string v = Get(name);
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || end == nullptr || *end != '\0') {
    return Status::InvalidArgument("--" + name + " wants a whole number, not '" + v + "'");
  }
  return n;
}

int Fail(Io& io, const std::string& message) {
  io.err << "newsintel: " << message << "\n";
  return 1;
}

PathList ExpandInputs(const std::vector<std::string>& paths, Io& io, int* errors) {
  PathList out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      AppendFilesBelow(p, {".txt", ".html", ".htm"}, &out);
    } else if (std::filesystem::exists(p, ec)) {
      out.Add("", p);
    } else {
      Fail(io, p + ": no such file or directory");
      ++*errors;
    }
  }
  return out;
}

}  // namespace cli
}  // namespace newsintel
