import Foundation

/// The parsers that read what strangers send, each as a function of arbitrary bytes that
/// must return without crashing. libFuzzer drives them (`xray-fuzz`, built by `fuzz/run`);
/// the tests replay every committed seed and every input that once crashed one.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A UDP datagram: the daemon header, then a segment document (the collector's path).
    case datagram
    /// A filter expression: lexer, parser, compiler and evaluation on a sample trace.
    case filter
    /// An OTLP/HTTP protobuf body, decoded and converted to documents.
    case otlpProtobuf = "otlp-protobuf"
    /// An OTLP/JSON body (or file line), decoded and converted to documents.
    case otlpJSON = "otlp-json"
    /// A gzip body, inflated under a limit.
    case gzip
    /// A request to sign: method, path, query, headers and body cut from the bytes.
    case sigv4
    /// A theme or config file: the TOML reader, then the theme built from it.
    case toml
    /// What the terminal sends, as ncurses reports it: characters, key codes, mouse buttons and
    /// extended key names, through the input decoder.
    case input

    public func run(_ bytes: UnsafeRawBufferPointer) {
        let data = Data(bytes)
        switch self {
        case .datagram: FuzzDatagram.run(data)
        case .filter: FuzzFilter.run(data)
        case .otlpProtobuf: FuzzOTLP.runProtobuf(data)
        case .otlpJSON: FuzzOTLP.runJSON(data)
        case .gzip: FuzzOTLP.runGzip(data)
        case .sigv4: FuzzSigV4.run(data)
        case .toml: FuzzTOML.run(data)
        case .input: FuzzInput.run(data)
        }
    }
}
