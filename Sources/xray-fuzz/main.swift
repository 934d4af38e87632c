import Foundation
import FuzzTargets

// Built two ways. With FUZZING (`fuzz/run`, under -sanitize=fuzzer,address) this hands the
// command line to libFuzzer's driver, which calls `fuzzOneInput` with each input for the
// target named by XRAY_FUZZ_TARGET. Without it, `xray-fuzz TARGET FILE...` runs files through a
// target once (a crash's input, to see it again).

#if FUZZING
    /// The target named by XRAY_FUZZ_TARGET, read once: libFuzzer calls the entry point below
    /// for every input.
    let selectedTarget: FuzzTarget = {
        guard let target = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["XRAY_FUZZ_TARGET"] ?? "") else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("XRAY_FUZZ_TARGET must be one of: \(names)\n".utf8))
            exit(2)
        }
        return target
    }()

    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        selectedTarget.run(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    // The linker may pick libFuzzer's own `main` or this one; both run the same driver.
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
#else
    let arguments = CommandLine.arguments.dropFirst()
    guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        print("usage: xray-fuzz TARGET FILE...   (TARGET: \(names)); fuzz/run fuzzes")
        exit(2)
    }
    for path in arguments.dropFirst() {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        data.withUnsafeBytes { target.run($0) }
        print("\(path): ok")
    }
#endif
