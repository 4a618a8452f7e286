using System.Buffers;
using System.Text;
using Siprec.Sip.Messages;
using Siprec.Sip.Multipart;
using Siprec.Sip.Sdp;
using Siprec.Sip.Tests.Multipart;
using Siprec.Sip.Tests.Sdp;

namespace Siprec.Sip.Tests.Messages;

public sealed class FuzzRegressionTests
{
    private const int Mutations = 5000;

    private static readonly byte[][] Seeds =
    [
        SipSamples.Bytes(SipSamples.Invite),
        SipSamples.Bytes(SipSamples.Response),
        SipSamples.Bytes(SipSamples.Options),
        Encoding.UTF8.GetBytes(TortureMessages.Wsinv),
        Encoding.UTF8.GetBytes(TortureMessages.Intmeth),
        Encoding.UTF8.GetBytes(TortureMessages.Esc01),
        Encoding.UTF8.GetBytes(TortureMessages.Mpart01),
        Encoding.UTF8.GetBytes(TortureMessages.Unreason),
    ];

    [Fact]
    public void MutatedMessagesOnlyParseOrThrowSipParseException()
    {
        var mutator = new ByteMutator(20261124);
        var parsed = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var input = mutator.Mutate(Seeds[i % Seeds.Length]);
            try
            {
                Exercise(SipMessageParser.Parse(input));
                parsed++;
            }
            catch (SipParseException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"Mutation {i} crashed the parser with {e.GetType().Name}: {e.Message}\n{Escape(input)}");
            }
            try
            {
                SipMessageFramer.TryFrame(new ReadOnlySequence<byte>(input), out _);
            }
            catch (SipParseException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"Mutation {i} crashed the framer with {e.GetType().Name}: {e.Message}\n{Escape(input)}");
            }
        }
        Assert.InRange(parsed, 1, Mutations - 1);
    }

    [Fact]
    public void MutatedSdpOnlyParsesOrThrowsSdpParseException()
    {
        var seeds = new[] { SdpSamples.OracleAcme, SdpSamples.CiscoCube, SdpSamples.AudioCodes, SdpSamples.FreeSwitchSrtp, SdpSamples.AvayaHold }
            .Select(Encoding.UTF8.GetBytes).ToArray();
        var mutator = new ByteMutator(4566);
        for (var i = 0; i < 2000; i++)
        {
            var input = mutator.Mutate(seeds[i % seeds.Length]);
            try
            {
                var sdp = SdpSessionDescription.Parse(input);
                foreach (var media in sdp.Media)
                    _ = (media.Direction, media.Label, media.RtpMaps, media.Fmtps, media.Cryptos, media.Ptime, media.EffectiveConnection);
                _ = SdpSessionDescription.Parse(sdp.ToString());
            }
            catch (SdpParseException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"SDP mutation {i} crashed with {e.GetType().Name}: {e.Message}\n{Escape(input)}");
            }
        }
    }

    [Fact]
    public void MutatedMultipartOnlyParsesOrThrowsMultipartParseException()
    {
        var seeds = new[] { MultipartSamples.Oracle, MultipartSamples.Cisco, MultipartSamples.AudioCodes, MultipartSamples.Avaya }
            .Select(Encoding.UTF8.GetBytes).ToArray();
        var boundaries = new[] { "unique-boundary-1", "uniqueBoundary", "boundary_ac1fffff85b", "avaya-srec" };
        var mutator = new ByteMutator(2046);
        for (var i = 0; i < 2000; i++)
        {
            var input = mutator.Mutate(seeds[i % seeds.Length]);
            try
            {
                var body = MultipartBody.Parse(input, boundaries[i % seeds.Length]);
                foreach (var part in body.Parts)
                    _ = (part.ContentType, part.ContentId, part.DispositionType);
            }
            catch (MultipartParseException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"Multipart mutation {i} crashed with {e.GetType().Name}: {e.Message}\n{Escape(input)}");
            }
        }
    }

    private static void Exercise(SipMessage message)
    {
        _ = (message.CallId, message.CSeq, message.From, message.To, message.Vias, message.Contacts, message.ContentType,
            message.MaxForwards, message.Require, message.Supported);
        var written = SipMessageWriter.ToArray(message);
        var reparsed = SipMessageParser.Parse(written);
        Assert.Equal(message.CallId, reparsed.CallId);
        if (message is SipRequest request)
            _ = SipResponse.CreateFor(request, 200).ToString();
    }

    private static string Escape(byte[] input)
    {
        var builder = new StringBuilder();
        foreach (var b in input)
            builder.Append(b is >= 0x20 and < 0x7F && b != '\\' ? ((char)b).ToString() : $"\\x{b:X2}");
        return builder.ToString();
    }
}
