// jemalloc replaces the C library's malloc for the whole process once it is linked; only its
// control interface is declared here (its own header redeclares malloc and free, which would
// clash with Glibc's in Swift).
#include <stddef.h>

int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
