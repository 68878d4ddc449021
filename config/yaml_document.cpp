#include "config/yaml_document.hpp"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace roja::config {

namespace {

// Where each document of the stream starts; every other event is ignored.
class DocumentStarts : public YAML::EventHandler {
  public:
    const std::vector<YAML::Mark>& marks() const noexcept { return marks_; }

    void OnDocumentStart(const YAML::Mark& mark) override { marks_.push_back(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

  private:
    std::vector<YAML::Mark> marks_;
};

// yaml-cpp 0.7 does not consume a token that cannot start a value (a ',' at the start of a
// document): it yields empty documents at the same place forever, so YAML::LoadAll never returns
// and YAML::Load silently returns nothing. Walking at most three documents catches both: two
// that start at the same place are that loop.
bool check_document_count(const std::string& text, ProblemList& problems) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentStarts starts;
    while (starts.marks().size() < 3 && parser.HandleNextDocument(starts)) {
    }
    const std::vector<YAML::Mark>& marks = starts.marks();
    for (std::size_t i = 1; i < marks.size(); ++i) {
        if (marks[i].pos != marks[i - 1].pos) continue;
        problems.add(marks[i], "", "YAML syntax: unexpected character that starts no value");
        return false;
    }
    if (marks.size() < 2) return true;
    problems.add(marks[1], "", "expected one YAML document, found a second one here");
    return false;
}

}  // namespace

YAML::Node load_one_document(std::string_view text, ProblemList& problems) {
    const std::string owned(text);
    try {
        if (!check_document_count(owned, problems)) return YAML::Node();
        return YAML::Load(owned);
    } catch (const YAML::Exception& error) {
        // yaml-cpp reports syntax errors by throwing; here they become one more problem.
        problems.add(error.mark, "", "YAML syntax: " + error.msg);
        return YAML::Node();
    }
}

std::optional<ConfigProblem> read_config_bytes(const std::string& path, std::string& text) {
    constexpr std::uint64_t kMaxConfigBytes = 16 * 1024 * 1024;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    if (in) bytes << in.rdbuf();
    if (!in || in.bad()) return ConfigProblem{path, 0, 0, "", "cannot read the file"};
    if (bytes.view().size() > kMaxConfigBytes)
        return ConfigProblem{path, 0, 0, "", "the file is larger than 16 MiB"};
    text = std::move(bytes).str();
    return std::nullopt;
}

}  // namespace roja::config
