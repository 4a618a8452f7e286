namespace Siprec.Media.Engine;

/// <summary>
/// Converts one packet of decoded PCM to the recording rate: linear interpolation up, box-filter averaging down.
/// Stateless between packets and allocation-free.
/// </summary>
internal sealed class PcmRateConverter(int inputRate, int outputRate)
{
    /// <summary>Samples produced from <paramref name="inputLength"/> input samples.</summary>
    public int OutputLength(int inputLength) => (int)((long)inputLength * outputRate / inputRate);

    /// <summary>Converts <paramref name="input"/> into <paramref name="output"/>; returns the samples written.</summary>
    public int Convert(ReadOnlySpan<short> input, Span<short> output)
    {
        if (inputRate == outputRate)
        {
            input.CopyTo(output);
            return input.Length;
        }

        int count = OutputLength(input.Length);
        if (outputRate > inputRate)
        {
            for (int i = 0; i < count; i++)
            {
                long numerator = (long)i * inputRate;
                int index = (int)(numerator / outputRate);
                int fraction = (int)(numerator % outputRate);
                int a = input[index];
                int b = index + 1 < input.Length ? input[index + 1] : a;
                output[i] = (short)(a + ((b - a) * (long)fraction / outputRate));
            }

            return count;
        }

        for (int i = 0; i < count; i++)
        {
            int start = (int)((long)i * inputRate / outputRate);
            int end = Math.Max(start + 1, (int)((long)(i + 1) * inputRate / outputRate));
            int sum = 0;
            for (int j = start; j < end; j++)
                sum += input[j];
            output[i] = (short)(sum / (end - start));
        }

        return count;
    }
}
