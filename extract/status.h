// Status and Result<T>: errors as values, in the style of leveldb::Status.
//
//   Result<Document> doc = LoadDocument("a.html", options);
//   if (!doc.ok()) { std::cerr << doc.status().ToString() << "\n"; return 1; }
//   Use(*doc);
//
// Library code never throws across its public boundary: ICU, RE2, SQLite and
// curl codes are converted into a Status once, where they are first seen.
#ifndef NEWSINTEL_EXTRACT_STATUS_H_
#define NEWSINTEL_EXTRACT_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace newsintel {

// The outcome of an operation: OK, or a code with a one-line message.
// Cheap to copy when OK. Thread-compatible.
class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // bad input from the caller or from a file
    kNotFound,
    kIOError,          // file system, disk full, read-only database
    kCorruption,       // malformed data that cannot be used
    kUnavailable,      // network: refused, time-out, 5xx after retries
    kInternal,         // a library said something it should not have
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(Code::kUnavailable, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid argument: <message>", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>".
  Status WithContext(const std::string& context) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok());
    if (status_.ok()) status_ = Status::Internal("Result built from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok()
  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

#define NEWSINTEL_RETURN_IF_ERROR(expr)      \
  do {                                       \
    ::newsintel::Status _st = (expr);        \
    if (!_st.ok()) return _st;               \
  } while (0)

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_STATUS_H_
