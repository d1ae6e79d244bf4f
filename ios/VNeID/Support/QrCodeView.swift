// A QR code from the core's module matrix: one pixel per module with the 4-module quiet zone,
// scaled up without smoothing.
import CoreGraphics
import SwiftUI
import VneidCore

struct QrCodeView: View {
    let matrix: QrMatrix

    var body: some View {
        if let image = QrCodeView.image(matrix) {
            Image(decorative: image, scale: 1)
                .interpolation(.none)
                .resizable()
                .aspectRatio(1, contentMode: .fit)
        } else {
            Color.white
        }
    }

    static func image(_ matrix: QrMatrix) -> CGImage? {
        let size = Int(matrix.size)
        let side = size + 8
        let modules = [UInt8](matrix.modules)
        guard modules.count >= size * size else { return nil }
        var pixels = [UInt8](repeating: 255, count: side * side)
        for y in 0..<size {
            for x in 0..<size where modules[y * size + x] == 1 {
                pixels[(y + 4) * side + x + 4] = 0
            }
        }
        guard let provider = CGDataProvider(data: Data(pixels) as CFData) else { return nil }
        return CGImage(width: side, height: side, bitsPerComponent: 8, bitsPerPixel: 8, bytesPerRow: side,
                       space: CGColorSpaceCreateDeviceGray(), bitmapInfo: CGBitmapInfo(rawValue: 0),
                       provider: provider, decode: nil, shouldInterpolate: false, intent: .defaultIntent)
    }
}
