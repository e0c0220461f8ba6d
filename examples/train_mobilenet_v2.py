"""MobileNetV2 written the torchvision way, trained on random data (an example for export on save).

`ConvBNReLU` takes `groups` from its caller, so only a real export knows which convolutions are
depthwise. Try it: `deploylens analyze examples/train_mobilenet_v2.py --export --python python3`
(a Python with torch), or open it in VS Code and save. DeployLens imports this file as a module and
evaluates the two assignments the export call needs; the `__main__` block (the training) never runs.
"""
import torch
from torch import nn


class ConvBNReLU(nn.Sequential):
    def __init__(self, in_planes, out_planes, kernel_size=3, stride=1, groups=1):
        padding = (kernel_size - 1) // 2
        super().__init__(
            nn.Conv2d(in_planes, out_planes, kernel_size, stride, padding, groups=groups, bias=False),
            nn.BatchNorm2d(out_planes),
            nn.ReLU6(inplace=True),
        )


class InvertedResidual(nn.Module):
    def __init__(self, inp, oup, stride, expand_ratio):
        super().__init__()
        hidden_dim = int(round(inp * expand_ratio))
        self.use_res_connect = stride == 1 and inp == oup
        layers = []
        if expand_ratio != 1:
            layers.append(ConvBNReLU(inp, hidden_dim, kernel_size=1))
        layers.extend([
            ConvBNReLU(hidden_dim, hidden_dim, stride=stride, groups=hidden_dim),
            nn.Conv2d(hidden_dim, oup, 1, 1, 0, bias=False),
            nn.BatchNorm2d(oup),
        ])
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        if self.use_res_connect:
            return x + self.conv(x)
        return self.conv(x)


class MobileNetV2(nn.Module):
    def __init__(self, num_classes=10, width=16):
        super().__init__()
        settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 2, 2)]
        features = [ConvBNReLU(3, width, stride=2)]
        cin = width
        for t, c, n, s in settings:
            for i in range(n):
                features.append(InvertedResidual(cin, c, s if i == 0 else 1, expand_ratio=t))
                cin = c
        self.features = nn.Sequential(*features)
        self.classifier = nn.Linear(cin, num_classes)

    def forward(self, x):
        x = self.features(x)
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.classifier(x)


def train(model, epochs, steps=100):
    """The training loop: runs when the script is run, never during an export."""
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    for _ in range(epochs):
        for _ in range(steps):
            x = torch.randn(32, 3, 96, 96)
            y = torch.randint(0, 10, (32,))
            loss = nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    torch.save(model.state_dict(), "mobilenet_v2.pt")


if __name__ == "__main__":
    model = MobileNetV2(num_classes=10)
    train(model, epochs=100)
    example = torch.randn(1, 3, 96, 96)
    torch.onnx.export(model, example, "mbv2.onnx", opset_version=13)
