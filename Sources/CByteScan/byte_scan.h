// Finding the end of a JSON string sixteen bytes at a time with SSE2, which Swift's SIMD
// types cannot do: they have no way to turn a comparison into a bit mask (x86's movemask).
// Header only: the function is inlined into the Swift that calls it.
#ifndef XRAY_BYTE_SCAN_H
#define XRAY_BYTE_SCAN_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Where a stretch of a JSON string's text stops, and whether it holds a marked byte.
typedef struct {
    // The index of the first '"' or '\\' in bytes[index..<count], or count when there is none.
    size_t stop;
    // Nonzero when a byte before the stop is below 0x20 or from 0x7F up (a control character,
    // DEL, or UTF-8 beyond ASCII).
    unsigned marked;
} xray_string_stretch;

// Returned by value rather than through a pointer: a local whose address is taken made the
// Swift caller set up a stack guard on every call.
static inline xray_string_stretch xray_string_stop(const uint8_t *bytes, size_t index, size_t count) {
    unsigned marked = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i del = _mm_set1_epi8(0x7F);
    while (index + 16 <= count) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + index));
        unsigned stops = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)));
        // Compared as signed bytes, 0x80 and above are negative: below 0x20 as well.
        unsigned marks = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmplt_epi8(chunk, space), _mm_cmpeq_epi8(chunk, del)));
        if (stops != 0) {
            // Only the bytes before the stop belong to this stretch of the string.
            marked |= marks & ((stops & (0u - stops)) - 1u);
            return (xray_string_stretch){index + (size_t)__builtin_ctz(stops), marked};
        }
        marked |= marks;
        index += 16;
    }
#endif
    while (index < count) {
        uint8_t byte = bytes[index];
        if (byte == '"' || byte == '\\') return (xray_string_stretch){index, marked};
        if (byte < 0x20 || byte >= 0x7F) marked = 1;
        index += 1;
    }
    return (xray_string_stretch){count, marked};
}

#endif
