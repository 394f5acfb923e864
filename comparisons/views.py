from django.http import HttpResponse


def home(request):
    return HttpResponse("")


model_list = model_detail = vendor_detail = provider_detail = home
