// A QR code from the core's module matrix: one pixel per module with the 4-module quiet zone,
// scaled up without smoothing. An accessibility element (an image with a label and the seconds
// left as its value), so that VoiceOver says what it is and XCUITest finds it as an image.
import CoreGraphics
import SwiftUI
import VneidCore

struct QrCodeView: View {
    let matrix: QrMatrix
    /// What it is: "Mã QR định danh điện tử".
    let label: String
    /// How long it is valid: "Còn 42 giây".
    var value: String = ""

    var body: some View {
        Group {
            if let image = QrCodeView.image(matrix) {
                Image(image, scale: 1, label: Text(label))
                    .interpolation(.none)
                    .resizable()
                    .aspectRatio(1, contentMode: .fit)
            } else {
                Color.white
            }
        }
        .accessibilityElement(children: .ignore)
        .accessibilityAddTraits(.isImage)
        .accessibilityLabel(Text(label))
        .accessibilityValue(Text(value))
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
