using System.Text;
using Siprec.Recording.Metadata;
using Siprec.Recording.Signalling;
using Siprec.Recording.Tests.Metadata;
using Siprec.Sip.Messages;

namespace Siprec.Recording.Tests.Signalling;

/// <summary>Seeded mutations of valid inputs: each must end in a result or the documented error, never another exception.</summary>
public sealed class MutatedInputTests
{
    private const int Iterations = 400;

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutated_metadata_parses_or_fails_with_a_parse_exception(int seed)
    {
        var random = new Random(seed);
        string[] samples = [VendorMetadataSamples.Rfc7865, VendorMetadataSamples.CiscoCube, VendorMetadataSamples.AudioCodesPrefixed, VendorMetadataSamples.SiprecDraft];
        var (parsed, refused) = (0, 0);

        for (var i = 0; i < Iterations; i++)
        {
            var bytes = Mutate(Encoding.UTF8.GetBytes(samples[i % samples.Length]), random);
            try
            {
                RecordingMetadataParser.Parse(bytes);
                parsed++;
            }
            catch (MetadataParseException)
            {
                refused++;
            }
        }

        Assert.Equal(Iterations, parsed + refused);
        Assert.True(refused > 0, "mutations should break some documents");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutated_multipart_bodies_give_an_outcome(int seed)
    {
        var random = new Random(seed);
        var parser = new RecordingOfferParser(new RecordingSignallingOptions());
        var body = "--b1\r\nContent-Type: application/sdp\r\n\r\n" + SiprecRequests.Sdp
            + "\r\n--b1\r\nContent-Type: application/rs-metadata+xml\r\nContent-Disposition: recording-session\r\n\r\n" + SiprecRequests.Metadata + "\r\n--b1--\r\n";
        var request = SiprecRequests.Request("multipart/mixed;boundary=b1", body);
        var builder = SdpOffers.Builder();
        var statuses = new HashSet<int>();

        for (var i = 0; i < Iterations; i++)
        {
            var mutated = new SipRequest(request.Method, request.RequestUri, request.Headers, Mutate(request.Body.ToArray(), random));
            var outcome = parser.Parse(mutated);
            if (outcome.IsAccepted && outcome.Offer.Sdp is { } sdp)
            {
                var answer = builder.Build(sdp, SdpOffers.Port);
                statuses.Add(answer.IsAccepted ? 200 : answer.Rejection.StatusCode);
            }
            else
            {
                statuses.Add(outcome.IsAccepted ? 200 : outcome.Rejection.StatusCode);
            }
        }

        Assert.Subset(new HashSet<int> { 200, 400, 415, 488 }, statuses);
        Assert.Contains(400, statuses);
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = input.ToList();
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    var noise = "<>&\"'=/-\r\n:;"u8;
                    bytes.Insert(at, noise[random.Next(noise.Length)]);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
