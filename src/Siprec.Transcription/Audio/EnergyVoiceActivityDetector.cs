namespace Siprec.Transcription.Audio;

/// <summary>
/// Energy-based voice-activity detector that cuts PCM16 into utterances: speech starts when a 20 ms frame's RMS
/// exceeds the threshold and ends after a run of quiet frames or at the maximum length. Not thread-safe.
/// </summary>
public sealed class EnergyVoiceActivityDetector
{
    private readonly int _frameSamples;
    private readonly double _threshold;
    private readonly int _hangoverFrames;
    private readonly int _minSpeechFrames;
    private readonly int _maxSamples;
    private readonly List<short> _utterance = [];
    private readonly short[] _frame;
    private int _frameFill;
    private long _framePosition;
    private long _utteranceStart;
    private int _quietFrames;
    private int _speechFrames;

    /// <summary>Creates a detector for audio at <paramref name="sampleRate"/>.</summary>
    public EnergyVoiceActivityDetector(int sampleRate, double thresholdDbfs = -40, TimeSpan? hangover = null, TimeSpan? maxUtterance = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        SampleRate = sampleRate;
        _frameSamples = sampleRate / 50;
        _frame = new short[_frameSamples];
        _threshold = short.MaxValue * Math.Pow(10, thresholdDbfs / 20);
        _hangoverFrames = (int)((hangover ?? TimeSpan.FromMilliseconds(600)).TotalMilliseconds / 20);
        _minSpeechFrames = 5;
        _maxSamples = (int)((maxUtterance ?? TimeSpan.FromSeconds(25)).TotalSeconds * sampleRate);
    }

    /// <summary>Sample rate of the audio (Hz).</summary>
    public int SampleRate { get; }

    /// <summary>True while an utterance is open.</summary>
    public bool InSpeech => _utterance.Count > 0;

    /// <summary>Feeds audio; calls <paramref name="onUtterance"/> with each utterance completed by it.</summary>
    public void Process(ReadOnlySpan<short> pcm, Action<Utterance> onUtterance)
    {
        foreach (var sample in pcm)
        {
            _frame[_frameFill++] = sample;
            if (_frameFill == _frameSamples)
            {
                ProcessFrame(onUtterance);
                _frameFill = 0;
                _framePosition += _frameSamples;
            }
        }
    }

    /// <summary>Ends any open utterance (at a pause or the end of the stream) and reports it if it holds enough speech.</summary>
    public void Flush(Action<Utterance> onUtterance)
    {
        if (InSpeech)
        {
            Emit(onUtterance);
        }

        _frameFill = 0;
    }

    private void ProcessFrame(Action<Utterance> onUtterance)
    {
        double sum = 0;
        foreach (var s in _frame)
        {
            sum += (double)s * s;
        }

        var loud = Math.Sqrt(sum / _frameSamples) >= _threshold;
        if (!InSpeech)
        {
            if (!loud)
            {
                return;
            }

            _utteranceStart = _framePosition;
            _speechFrames = 0;
            _quietFrames = 0;
        }

        _utterance.AddRange(_frame);
        if (loud)
        {
            _speechFrames++;
            _quietFrames = 0;
        }
        else
        {
            _quietFrames++;
        }

        if (_quietFrames >= _hangoverFrames || _utterance.Count >= _maxSamples)
        {
            Emit(onUtterance);
        }
    }

    private void Emit(Action<Utterance> onUtterance)
    {
        if (_speechFrames >= _minSpeechFrames)
        {
            onUtterance(new Utterance(_utterance.ToArray(), _utteranceStart, SampleRate));
        }

        _utterance.Clear();
        _speechFrames = 0;
        _quietFrames = 0;
    }
}
