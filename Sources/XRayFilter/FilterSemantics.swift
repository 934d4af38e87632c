import XRayModel

/// The value tests of the filter language, for evaluators that hold a trace's values in
/// another shape than `API.TraceSummary` (the store's compact index). One definition, so
/// both evaluators answer alike.
public enum FilterSemantics {
    /// A text keyword's test over the values a trace has for it (nil test: "is set").
    public static func textTest(_ test: TextTest?, _ values: [String]) -> Bool {
        FilterCompiler.textTest(test, values)
    }

    /// An annotation's test over the values a trace has for that key.
    public static func annotationTest(_ test: AnnotationTest, _ values: [AnnotationValue]) -> Bool {
        FilterCompiler.annotationTest(test, values.map { API.ValueWithServiceIds(AnnotationValue: .init($0)) })
    }
}
