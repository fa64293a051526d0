// Reference LoG / gradient-magnitude images from ITK itself (the filters SimpleITK, hence PyRadiomics, runs):
// LaplacianRecursiveGaussianImageFilter (NormalizeAcrossScale on, as PyRadiomics sets it) and
// GradientMagnitudeImageFilter (UseImageSpacing on). Raw float32 in (x fastest), raw float64 out.
// Build (Debian libinsighttoolkit5-dev): see log_reference.py.
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "itkGradientMagnitudeImageFilter.h"
#include "itkImage.h"
#include "itkImportImageFilter.h"
#include "itkImageRegionConstIterator.h"
#include "itkLaplacianRecursiveGaussianImageFilter.h"

using In = itk::Image<float, 3>;
using Out = itk::Image<double, 3>;

int main(int argc, char ** argv) {
  if (argc != 10) {
    return 2;  // usage: itk_filters log|gradient in.raw nx ny nz sx sy sz sigma > out.raw
  }
  std::string mode = argv[1];
  In::SizeType size;
  In::SpacingType spacing;
  for (int a = 0; a < 3; ++a) {
    size[a] = std::atoi(argv[3 + a]);
    spacing[a] = std::atof(argv[6 + a]);
  }
  std::vector<float> buf(size[0] * size[1] * size[2]);
  std::ifstream(argv[2], std::ios::binary).read(reinterpret_cast<char *>(buf.data()), buf.size() * sizeof(float));
  auto import = itk::ImportImageFilter<float, 3>::New();
  In::RegionType region;
  region.SetSize(size);
  import->SetRegion(region);
  import->SetSpacing(spacing);
  import->SetImportPointer(buf.data(), buf.size(), false);
  import->Update();
  Out::Pointer out;
  if (mode == "log") {
    auto f = itk::LaplacianRecursiveGaussianImageFilter<In, Out>::New();
    f->SetInput(import->GetOutput());
    f->SetNormalizeAcrossScale(true);
    f->SetSigma(std::atof(argv[9]));
    f->Update();
    out = f->GetOutput();
  } else {
    auto f = itk::GradientMagnitudeImageFilter<In, Out>::New();
    f->SetInput(import->GetOutput());
    f->SetUseImageSpacing(true);
    f->Update();
    out = f->GetOutput();
  }
  std::vector<double> o;
  for (itk::ImageRegionConstIterator<Out> it(out, out->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it) {
    o.push_back(it.Get());
  }
  std::cout.write(reinterpret_cast<const char *>(o.data()), o.size() * sizeof(double));
  return 0;
}
