using Siprec.Media.Engine;

namespace Siprec.Media.Tests.Engine;

public sealed class PcmRateConverterTests
{
    [Theory]
    [InlineData(8000, 8000, new short[] { 1, 2, 3, 4 }, new short[] { 1, 2, 3, 4 })]
    [InlineData(8000, 16000, new short[] { 0, 100, 200 }, new short[] { 0, 50, 100, 150, 200, 200 })]
    [InlineData(16000, 8000, new short[] { 10, 20, 30, 50 }, new short[] { 15, 40 })]
    [InlineData(48000, 8000, new short[] { 6, 6, 6, 6, 6, 6, 12, 12, 12, 12, 12, 12 }, new short[] { 6, 12 })]
    public void Conversion_HasTheExpectedSamples(int input, int output, short[] samples, short[] expected)
    {
        var converter = new PcmRateConverter(input, output);
        var result = new short[converter.OutputLength(samples.Length)];

        Assert.Equal(expected.Length, converter.Convert(samples, result));
        Assert.Equal(expected, result);
    }
}
