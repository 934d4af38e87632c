/// A value kept behind a reference. A document's `aws`, `http` and `sql` blocks are large (the
/// `aws` block alone is half a kilobyte) and often absent; boxed, they no longer make every copy
/// of a document large, which matters when a trace holds 100,000 of them.
final class Boxed<Value: Sendable & Hashable>: Sendable, Hashable {
    let value: Value

    init(_ value: consuming Value) { self.value = value }

    /// A box whose value is `initial` changed by `build`, in place. `initial` is made where it
    /// is kept: passed as a value, even an empty `AWSInfo` was copied field by field.
    init<Failure: Error>(
        _ initial: @autoclosure () -> Value, building build: (inout Value) throws(Failure) -> Void
    ) throws(Failure) {
        var value = initial()
        try build(&value)
        self.value = value
    }

    static func == (a: Boxed, b: Boxed) -> Bool { a.value == b.value }
    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
