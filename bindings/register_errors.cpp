#include "prelude.hpp"

#include <string>

#include "attain/core/parallel.hpp"

// Maps attain's C++ exceptions onto the Python classes in attain.errors (which subclass
// ValueError / OverflowError), looked up when an exception is raised.
void register_errors(py::module_& m) {
  py::register_exception_translator([](std::exception_ptr p) {
    if (!p) return;
    auto raise = [](const char* cls, const std::exception& e) {
      py::object type = py::module_::import("attain.errors").attr(cls);
      PyErr_SetString(type.ptr(), e.what());
    };
    try {
      std::rethrow_exception(p);
    } catch (const attain::length_mismatch& e) {
      raise("LengthMismatchError", e);
    } catch (const attain::unknown_key& e) {
      raise("UnknownKeyError", e);
    } catch (const attain::duplicate_key& e) {
      raise("DuplicateKeyError", e);
    } catch (const attain::hierarchy_error& e) {
      raise("HierarchyError", e);
    } catch (const attain::invalid_argument& e) {
      raise("InvalidInputError", e);
    } catch (const attain::overflow_error& e) {
      raise("TallyOverflowError", e);
    } catch (const attain::error& e) {
      raise("AttainError", e);
    }
  });

  // For the tests of this mapping: throws the C++ exception `kind` in row `row` of attain::for_rows,
  // the path every batched function takes (its error must keep its class, with "row r: " in front).
  m.def(
      "_raise_in_row",
      [](const std::string& kind, const std::string& message, std::size_t rows, std::size_t row, unsigned threads,
         bool batched) {
        auto raise = [&] {
          if (kind == "error") throw attain::error(message);
          if (kind == "invalid_argument") throw attain::invalid_argument(message);
          if (kind == "length_mismatch") throw attain::length_mismatch(message);
          if (kind == "unknown_key") throw attain::unknown_key(message);
          if (kind == "duplicate_key") throw attain::duplicate_key(message);
          if (kind == "hierarchy_error") throw attain::hierarchy_error(message);
          if (kind == "overflow_error") throw attain::overflow_error(message);
          attain::fail<attain::invalid_argument>("kind = '", kind, "' is not an attain exception type");
        };
        py::gil_scoped_release release;
        attain::for_rows(
            rows, threads,
            [&](std::size_t r) {
              if (r >= row) raise();
            },
            batched);
      },
      py::arg("kind"), py::arg("message"), py::arg("rows"), py::arg("row"), py::arg("threads"), py::arg("batched"),
      "Testing only: throws the C++ exception `kind` from row `row` (and every later row) of a batched run.");
}
