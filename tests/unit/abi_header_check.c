/* kiln.h is a C header: this C translation unit is how a C client sees it. */
#include "include/kiln/kiln.h"

/* Built from C, called by the C++ tests: a value round trip through the C view of the ABI. */
int kiln_c_client_round_trip(void) {
  kiln_value* v = kiln_value_int(41);
  int64_t out = 0;
  kiln_status status = kiln_value_get_int(v, &out, NULL);
  kiln_value_release(v);
  return status == KILN_OK ? (int)out + 1 : -1;
}
