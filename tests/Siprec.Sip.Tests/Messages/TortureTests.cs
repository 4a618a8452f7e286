using System.Text;
using Siprec.Sip.Messages;
using Siprec.Sip.Multipart;
using Siprec.Sip.Sdp;

namespace Siprec.Sip.Tests.Messages;

public sealed class TortureTests
{
    public static TheoryData<string, string> Valid => new()
    {
        { "wsinv", TortureMessages.Wsinv },
        { "intmeth", TortureMessages.Intmeth },
        { "esc01", TortureMessages.Esc01 },
        { "escnull", TortureMessages.Escnull },
        { "esc02", TortureMessages.Esc02 },
        { "lwsdisp", TortureMessages.Lwsdisp },
        { "longreq", TortureMessages.Longreq },
        { "dblreq", TortureMessages.Dblreq },
        { "semiuri", TortureMessages.Semiuri },
        { "transports", TortureMessages.Transports },
        { "mpart01", TortureMessages.Mpart01 },
        { "unreason", TortureMessages.Unreason },
        { "noreason", TortureMessages.Noreason },
        { "badbranch", TortureMessages.Badbranch },
        { "unksm2", TortureMessages.Unksm2 },
        { "zeromf", TortureMessages.Zeromf },
        { "cparam01", TortureMessages.Cparam01 },
        { "cparam02", TortureMessages.Cparam02 },
        { "regescrt", TortureMessages.Regescrt },
        { "novelsc", TortureMessages.Novelsc },
        { "unksm", TortureMessages.Unksm },
        { "inv2543", TortureMessages.Inv2543 },
        { "invut", TortureMessages.Invut },
        { "bext01", TortureMessages.Bext01 },
    };

    public static TheoryData<string, string, SipParseError> Invalid => new()
    {
        { "badinv01", TortureMessages.Badinv01, SipParseError.InvalidVia },
        { "clerr", TortureMessages.Clerr, SipParseError.BodyTruncated },
        { "ncl", TortureMessages.Ncl, SipParseError.InvalidContentLength },
        { "scalar02", TortureMessages.Scalar02, SipParseError.InvalidCSeq },
        { "scalarlg", TortureMessages.Scalarlg, SipParseError.InvalidCSeq },
        { "quotbal", TortureMessages.Quotbal, SipParseError.InvalidTo },
        { "ltgtruri", TortureMessages.Ltgtruri, SipParseError.InvalidRequestUri },
        { "lwsruri", TortureMessages.Lwsruri, SipParseError.InvalidRequestUri },
        { "lwsstart", TortureMessages.Lwsstart, SipParseError.InvalidStartLine },
        { "trws", TortureMessages.Trws, SipParseError.InvalidStartLine },
        { "escruri", TortureMessages.Escruri, SipParseError.InvalidRequestUri },
        { "baddate", TortureMessages.Baddate, SipParseError.InvalidDate },
        { "regbadct", TortureMessages.Regbadct, SipParseError.InvalidContact },
        { "badaspec", TortureMessages.Badaspec, SipParseError.InvalidTo },
        { "baddn", TortureMessages.Baddn, SipParseError.InvalidFrom },
        { "badvers", TortureMessages.Badvers, SipParseError.UnsupportedVersion },
        { "mismatch01", TortureMessages.Mismatch01, SipParseError.CSeqMethodMismatch },
        { "mismatch02", TortureMessages.Mismatch02, SipParseError.CSeqMethodMismatch },
        { "bigcode", TortureMessages.Bigcode, SipParseError.InvalidStatusCode },
        { "insuf", TortureMessages.Insuf, SipParseError.MissingFrom },
        { "multi01", TortureMessages.Multi01, SipParseError.DuplicateHeader },
        { "mcl01", TortureMessages.Mcl01, SipParseError.DuplicateHeader },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void ValidMessageParsesWithItsCallId(string name, string text)
    {
        var message = SipMessageParser.Parse(Encoding.UTF8.GetBytes(text));

        Assert.StartsWith(name + ".", message.CallId, StringComparison.Ordinal);
        Assert.NotEmpty(message.Vias);
        Assert.NotNull(message.From);
        Assert.NotNull(message.To);
        Assert.NotNull(message.CSeq);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidMessageIsRejectedWithReason(string name, string text, SipParseError expected)
    {
        var error = Assert.Throws<SipParseException>(() => SipMessageParser.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.True(expected == error.Error, $"{name}: expected {expected}, got {error.Error} ({error.Message})");
    }

    [Fact]
    public void BadVersionSuggests505()
    {
        var error = Assert.Throws<SipParseException>(() => SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Badvers)));

        Assert.Equal(505, error.SuggestedStatusCode);
    }

    [Fact]
    public void WsinvUnfoldsAndUnquotes()
    {
        var request = Assert.IsType<SipRequest>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Wsinv)));

        Assert.Equal("1918181833n", request.To!.Tag);
        Assert.Equal("vivekg", request.To.Uri.User);
        Assert.Equal("J Rosenberg \\\"", request.From!.DisplayName);
        Assert.Equal("98asjd8", request.From.Tag);
        Assert.Equal(68, request.MaxForwards);
        Assert.Equal(new Siprec.Sip.Headers.SipCSeq(9, "INVITE"), request.CSeq);
        Assert.Equal(["390skdjuw", "z9hG4bK9ikj8", "z9hG4bK30239"], request.Vias.Select(v => v.Branch));
        Assert.Equal(["UDP", "TCP", "UDP"], request.Vias.Select(v => v.Transport));
        Assert.Equal("192.168.255.111", request.Vias[2].Host);
        Assert.Equal("newfangled value continued newfangled value", request.Headers.Get("NewFangledHeader"));
        Assert.Equal(";;,,;;,;", request.Headers.Get("UnknownHeaderWithUnusualValue"));
        Assert.Equal(string.Empty, request.Headers.Get("Subject"));
        var contact = Assert.Single(request.Contacts);
        Assert.Equal("Quoted string \"\"", contact.DisplayName);
        Assert.Equal("newvalue", contact.Parameters.Get("newparam"));
        Assert.True(contact.Parameters.Contains("secondparam"));
        Assert.Equal("0.33", contact.Parameters.Get("q"));
        Assert.True(request.RequestUri.Parameters.Contains("unknownparam"));
        Assert.Equal(Encoding.UTF8.GetByteCount(TortureMessages.Sdp.ReplaceLineEndings("\r\n")), request.Body.Length);
        Assert.Equal(2, SdpSessionDescription.Parse(request.Body.Span).Media.Count);
    }

    [Fact]
    public void IntmethKeepsUnusualCharacters()
    {
        var request = Assert.IsType<SipRequest>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Intmeth)));

        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", request.Method);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", request.RequestUri.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", request.RequestUri.Password);
        Assert.Equal("example.com", request.RequestUri.Host);
        Assert.Equal("BEL:\u0007 NUL:\0 DEL:\u007F", request.To!.DisplayName);
        Assert.Equal("token1~` token2'+_ token3*%!.-", request.From!.DisplayName);
        Assert.Equal("_token~1'+`*%!-.", request.From.Tag);
        Assert.Equal("\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439", request.From.Parameters.Get("fromParam''~+*_!.-%"));
        Assert.Equal("z9hG4bK-.!%66*_+`'~", request.Vias[0].Branch);
        Assert.Equal("\uFEFF\u5927\u505C\u96FB", request.Headers.Get("extensionHeader-!.%*+_`'~"));
        Assert.Equal(255, request.MaxForwards);
    }

    [Fact]
    public void EscapesStayEscapedInUris()
    {
        var request = Assert.IsType<SipRequest>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Esc01)));

        Assert.Equal("sips%3Auser%40example.com", request.RequestUri.User);
        Assert.Equal("example.net", request.RequestUri.Host);
        Assert.Equal("%75se%72", request.To!.Uri.User);
        Assert.Equal("v%61lue%25%34%31", request.Contacts[0].Uri.Parameters.Get("n%61me"));
        Assert.Equal("application/sdp", request.ContentType!.MediaType);
    }

    [Fact]
    public void DblreqIgnoresTrailingOctets()
    {
        var request = Assert.IsType<SipRequest>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Dblreq)));

        Assert.Equal("REGISTER", request.Method);
        Assert.True(request.Body.IsEmpty);
        Assert.Equal("j.user@host.example.com", $"{request.Contacts[0].Uri.User}@{request.Contacts[0].Uri.Host}");
    }

    [Fact]
    public void SemiuriKeepsSemicolonInUser()
    {
        var request = Assert.IsType<SipRequest>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Semiuri)));

        Assert.Equal("user;par=u%40example.net", request.RequestUri.User);
        Assert.Equal("example.com", request.RequestUri.Host);
        Assert.Empty(request.RequestUri.Parameters);
        Assert.Equal(
            ["application/sdp", "application/pkcs7-mime", "multipart/mixed", "multipart/signed", "message/sip", "message/sipfrag"],
            request.Headers.GetAll("Accept"));
    }

    [Fact]
    public void TransportsAreKeptIncludingUnknown()
    {
        var message = SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Transports));

        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], message.Vias.Select(v => v.Transport));
        Assert.Equal("transports.kijh4akdnaqjkwendsasfdj", message.CallId);
    }

    [Fact]
    public void Mpart01BodySplitsOnQuotedBoundary()
    {
        var message = SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Mpart01));

        var contentType = message.ContentType!;
        Assert.Equal("----=_Part_2_12345.67890", contentType.Boundary);
        var body = MultipartBody.Parse(message.Body, contentType.Boundary!);
        Assert.Equal(2, body.Parts.Count);
        Assert.Equal("text/plain", body.Parts[0].ContentType!.MediaType);
        Assert.Equal("Hello", Encoding.UTF8.GetString(body.Parts[0].Body.Span));
        Assert.Equal("attachment", body.Parts[1].DispositionType);
    }

    [Fact]
    public void UnreasonAndNoreasonKeepReasonPhrase()
    {
        var unreason = Assert.IsType<SipResponse>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Unreason)));
        var noreason = Assert.IsType<SipResponse>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Noreason)));

        Assert.Equal(200, unreason.StatusCode);
        Assert.StartsWith("= 2**3 * 5**2 \u043d\u043e", unreason.ReasonPhrase, StringComparison.Ordinal);
        Assert.Equal(100, noreason.StatusCode);
        Assert.Equal(string.Empty, noreason.ReasonPhrase);
    }

    [Fact]
    public void BadbranchIsAcceptedWithBareCookie()
    {
        var message = SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Badbranch));

        Assert.Equal("z9hG4bK", message.Vias[0].Branch);
    }

    [Fact]
    public void UnknownSchemesAreOpaque()
    {
        var message = SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Unksm2));

        Assert.Equal("isbn", message.To!.Uri.Scheme);
        Assert.Equal("2983792873", message.To.Uri.Opaque);
        Assert.Equal("http://www.example.com", message.From!.Uri.ToString());
        Assert.Equal("name:John_Smith", message.Contacts[0].Uri.ToString());
    }

    [Fact]
    public void ContactParametersBelongToHeaderOrUriByBrackets()
    {
        var bare = SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Cparam01)).Contacts[0];
        var bracketed = SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Cparam02)).Contacts[0];

        Assert.True(bare.Parameters.Contains("unknownparam"));
        Assert.Empty(bare.Uri.Parameters);
        Assert.Empty(bracketed.Parameters);
        Assert.True(bracketed.Uri.Parameters.Contains("unknownparam"));
    }

    [Fact]
    public void EscapedHeadersInContactAndOpaqueRequestUrisAreKept()
    {
        var regescrt = SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Regescrt));
        var novelsc = Assert.IsType<SipRequest>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Novelsc)));
        var unksm = Assert.IsType<SipRequest>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Unksm)));

        Assert.Equal("%3Csip:sip.example.com%3E", regescrt.Contacts[0].Uri.Headers.Get("Route"));
        Assert.Equal("soap.beep", novelsc.RequestUri.Scheme);
        Assert.Equal("//192.0.2.103:3002", novelsc.RequestUri.Opaque);
        Assert.Equal("nobodyknowsthisscheme", unksm.RequestUri.Scheme);
        Assert.Equal("totallyopaquecontent", unksm.RequestUri.Opaque);
    }

    [Fact]
    public void SemanticOddballsParse()
    {
        var zeromf = SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Zeromf));
        var inv2543 = SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Inv2543));
        var invut = SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Invut));
        var bext01 = SipMessageParser.Parse(Encoding.UTF8.GetBytes(TortureMessages.Bext01));

        Assert.Equal(0, zeromf.MaxForwards);
        Assert.Null(inv2543.Vias[0].Branch);
        Assert.Null(inv2543.MaxForwards);
        Assert.Equal("application/unknownformat", invut.ContentType!.MediaType);
        Assert.Equal(["nothingSupportsThis", "nothingSupportsThisEither"], bext01.Require);
        Assert.Equal(["noProxiesSupportThis", "norDoAnyProxiesSupportThis"], bext01.Headers.GetAll("Proxy-Require"));
    }
}
