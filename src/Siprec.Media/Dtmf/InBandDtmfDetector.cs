namespace Siprec.Media.Dtmf;

/// <summary>
/// Finds DTMF tones in 8 kHz PCM with Goertzel filters on the eight DTMF frequencies, over blocks of 205 samples
/// (25.6 ms). A block holds a digit when one low and one high tone each stand out from their group, their levels stay
/// within the allowed twist, and together they carry most of the block's energy (speech and noise spread theirs). A
/// digit starts after two such blocks in a row and ends after two blocks without it, so a tone is found once it has
/// lasted about 51 ms; the start reported is one block before the first block that held it, since the tone may have
/// begun anywhere in that block. Allocation-free after construction; not thread-safe (owned by one receive loop).
/// </summary>
public sealed class InBandDtmfDetector
{
    /// <summary>The sample rate the detector expects.</summary>
    public const int SampleRate = 8000;

    /// <summary>Samples per analysed block.</summary>
    public const int BlockSamples = 205;

    private const int BlocksToConfirm = 2;
    private const char NoDigit = '\0';

    // Each tone must reach about -36 dBFS (amplitude 520 of 32767); a Goertzel power is scaled to the block's energy units.
    private const double MinTonePower = 520.0 * 520.0 * BlockSamples / 2;

    // Normal twist: the high tone may be up to 8 dB louder than the low one; reverse twist: the low tone up to 4 dB louder.
    private const double MaxNormalTwist = 6.31;
    private const double MaxReverseTwist = 2.51;

    // The strongest tone of each group must stand 6 dB above the others of its group.
    private const double MinGroupMargin = 4.0;

    // The two tones must carry this share of the block's energy.
    private const double MinToneShare = 0.6;

    private static readonly double[] Frequencies = [697, 770, 852, 941, 1209, 1336, 1477, 1633];
    private static readonly char[] Keys = ['1', '2', '3', 'A', '4', '5', '6', 'B', '7', '8', '9', 'C', '*', '0', '#', 'D'];
    private static readonly double[] Coefficients = Frequencies.Select(f => 2 * Math.Cos(2 * Math.PI * f / SampleRate)).ToArray();

    private readonly double[] _s1 = new double[8];
    private readonly double[] _s2 = new double[8];
    private double _energy;
    private int _filled;
    private long _samples;
    private char _current = NoDigit;
    private char _candidate = NoDigit;
    private int _candidateBlocks;
    private long _candidateStart;
    private int _missingBlocks;
    private long _missingStart;

    /// <summary>Samples fed so far; the clock of <see cref="DtmfToneChange.SampleIndex"/>.</summary>
    public long SamplesSeen => _samples;

    /// <summary>The most changes <see cref="Process"/> may report for <paramref name="samples"/> samples.</summary>
    public static int MaxChangesFor(int samples) => 2 * ((samples / BlockSamples) + 1);

    /// <summary>
    /// Feeds 8 kHz samples; writes the tone starts and ends they complete into <paramref name="changes"/>, which must hold
    /// <see cref="MaxChangesFor"/> entries, and returns how many.
    /// </summary>
    public int Process(ReadOnlySpan<short> samples, Span<DtmfToneChange> changes)
    {
        if (changes.Length < MaxChangesFor(samples.Length))
            throw new ArgumentException("Too little room for the changes these samples may complete.", nameof(changes));
        int count = 0;
        double[] s1 = _s1;
        double[] s2 = _s2;
        foreach (short sample in samples)
        {
            double x = sample;
            _energy += x * x;
            for (int f = 0; f < 8; f++)
            {
                double s0 = x + (Coefficients[f] * s1[f]) - s2[f];
                s2[f] = s1[f];
                s1[f] = s0;
            }

            _samples++;
            if (++_filled == BlockSamples)
                count += EndBlock(changes[count..]);
        }

        return count;
    }

    private int EndBlock(Span<DtmfToneChange> changes)
    {
        char digit = BlockDigit();
        long blockStart = _samples - BlockSamples;
        Array.Clear(_s1);
        Array.Clear(_s2);
        _energy = 0;
        _filled = 0;
        int count = 0;

        if (_current != NoDigit)
        {
            if (digit == _current)
            {
                _missingBlocks = 0;
                return 0;
            }

            if (_missingBlocks++ == 0)
                _missingStart = blockStart;
            if (_missingBlocks < BlocksToConfirm)
                return Track(digit, blockStart, changes);
            changes[count++] = new DtmfToneChange(false, _current, _missingStart);
            _current = NoDigit;
            _missingBlocks = 0;
        }

        return count + Track(digit, blockStart, changes[count..]);
    }

    private int Track(char digit, long blockStart, Span<DtmfToneChange> changes)
    {
        if (digit == NoDigit || digit != _candidate)
        {
            _candidate = digit;
            _candidateBlocks = digit == NoDigit ? 0 : 1;
            _candidateStart = blockStart;
            return 0;
        }

        if (++_candidateBlocks < BlocksToConfirm || _current != NoDigit)
            return 0;
        _current = digit;
        _candidate = NoDigit;
        _candidateBlocks = 0;
        _missingBlocks = 0;
        changes[0] = new DtmfToneChange(true, digit, Math.Max(0, _candidateStart - BlockSamples));
        return 1;
    }

    private char BlockDigit()
    {
        Span<double> power = stackalloc double[8];
        for (int f = 0; f < 8; f++)
            power[f] = ((_s1[f] * _s1[f]) + (_s2[f] * _s2[f]) - (Coefficients[f] * _s1[f] * _s2[f])) * 2 / BlockSamples;

        int row = Strongest(power[..4]);
        int column = Strongest(power[4..]);
        double low = power[row];
        double high = power[4 + column];
        if (low < MinTonePower || high < MinTonePower)
            return NoDigit;
        if (high > low * MaxNormalTwist || low > high * MaxReverseTwist)
            return NoDigit;
        if (!StandsOut(power[..4], row) || !StandsOut(power[4..], column))
            return NoDigit;
        if (low + high < _energy * MinToneShare)
            return NoDigit;
        return Keys[(row * 4) + column];
    }

    private static int Strongest(ReadOnlySpan<double> group)
    {
        int best = 0;
        for (int i = 1; i < group.Length; i++)
        {
            if (group[i] > group[best])
                best = i;
        }

        return best;
    }

    private static bool StandsOut(ReadOnlySpan<double> group, int best)
    {
        for (int i = 0; i < group.Length; i++)
        {
            if (i != best && group[i] * MinGroupMargin > group[best])
                return false;
        }

        return true;
    }
}
