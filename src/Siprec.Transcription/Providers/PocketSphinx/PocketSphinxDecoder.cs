using System.Runtime.InteropServices;

namespace Siprec.Transcription.Providers.PocketSphinx;

/// <summary>One native decoder; decodes whole utterances. Not thread-safe.</summary>
internal sealed unsafe class PocketSphinxDecoder : IDisposable
{
    private nint _config;
    private nint _decoder;

    public PocketSphinxDecoder(string modelDirectory, int sampleRate)
    {
        string[] args =
        [
            "-hmm", Path.Combine(modelDirectory, "en-us"),
            "-lm", Path.Combine(modelDirectory, "en-us.lm.bin"),
            "-dict", Path.Combine(modelDirectory, "cmudict-en-us.dict"),
            "-samprate", sampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-logfn", "/dev/null",
        ];
        var argv = new nint[args.Length];
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                argv[i] = Marshal.StringToCoTaskMemUTF8(args[i]);
            }

            fixed (nint* pointer = argv)
            {
                _config = PocketSphinxNative.cmd_ln_parse_r(0, PocketSphinxNative.ps_args(), args.Length, pointer, 0);
            }
        }
        finally
        {
            foreach (var arg in argv)
            {
                Marshal.FreeCoTaskMem(arg);
            }
        }

        if (_config == 0)
        {
            throw new SpeechProviderException("pocketsphinx", $"invalid decoder configuration for model directory '{modelDirectory}'.");
        }

        _decoder = PocketSphinxNative.ps_init(_config);
        if (_decoder == 0)
        {
            PocketSphinxNative.cmd_ln_free_r(_config);
            _config = 0;
            throw new SpeechProviderException("pocketsphinx", $"cannot load the model from '{modelDirectory}'.");
        }
    }

    /// <summary>Decodes one utterance and returns the best hypothesis (empty when nothing was recognised).</summary>
    public string Decode(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_decoder == 0, this);
        if (PocketSphinxNative.ps_start_utt(_decoder) < 0)
        {
            throw new SpeechProviderException("pocketsphinx", "ps_start_utt failed.");
        }

        fixed (short* data = samples)
        {
            PocketSphinxNative.ps_process_raw(_decoder, data, (nuint)samples.Length, 0, 1);
        }

        PocketSphinxNative.ps_end_utt(_decoder);
        var hypothesis = PocketSphinxNative.ps_get_hyp(_decoder, out _);
        return hypothesis == 0 ? string.Empty : Marshal.PtrToStringUTF8(hypothesis) ?? string.Empty;
    }

    public void Dispose()
    {
        if (_decoder != 0)
        {
            PocketSphinxNative.ps_free(_decoder);
            _decoder = 0;
        }

        if (_config != 0)
        {
            PocketSphinxNative.cmd_ln_free_r(_config);
            _config = 0;
        }
    }
}
