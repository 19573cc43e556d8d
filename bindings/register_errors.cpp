#include "prelude.hpp"

// Maps attain's C++ exceptions onto the Python classes in attain.errors (which subclass
// ValueError / OverflowError), looked up when an exception is raised.
void register_errors(py::module_& m) {
  (void)m;
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
}
